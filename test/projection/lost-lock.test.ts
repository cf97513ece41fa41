import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { RhizomeError } from '../../src/errors.js';
import { projectionOf } from '../../src/projection/projection-shape.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { itemModel, itemType, projectionsOf } from './support/projection-harness.js';

const database = useTestDatabase();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const START = { txid: 0n, position: 0n };

describe('a maintainer session whose connection Postgres replaced (docs/design.md §8)', () => {
  it('writes while it holds the lock, and after losing it writes nothing', async () => {
    const store = createPostgresStore({ url: database.url });
    cleanups.push(() => store.close());
    await store.migrate();
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const projections = projectionsOf(store);
    const shape = projectionOf(itemType(itemModel()));
    await projections.prepare(shape);
    const session = await projections.openSession();
    cleanups.push(() => session.close());
    expect(await session.tryLock()).toBe(true);

    const moved = { txid: 1n, position: 1n };
    await session.batch((batch) => batch.advance(shape.tableName, START, moved, { members: 1, deltas: 1 }));
    expect((await projections.checkpoint(shape.tableName))?.cursor).toEqual(moved);

    // Postgres ends the session's backend, and with it the lock; postgres.js reconnects unasked.
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'rhizome-maintainer' AND datname = current_database()`;
    let refusal: unknown;
    for (let attempt = 0; attempt < 5 && refusal === undefined; attempt++) {
      try {
        await session.batch((batch) =>
          batch.advance(shape.tableName, moved, { txid: 2n, position: 2n }, { members: 1, deltas: 1 }),
        );
        refusal = 'written';
      } catch (error) {
        // The first try may meet the dead connection itself; the one after runs on a new one.
        if (error instanceof RhizomeError && error.message.includes('no longer holds')) refusal = error;
      }
    }
    expect(refusal).toBeInstanceOf(RhizomeError);
    expect((refusal as RhizomeError).code).toBe('SERVICE_UNAVAILABLE');
    expect((await projections.checkpoint(shape.tableName))?.cursor).toEqual(moved);
  });
});
