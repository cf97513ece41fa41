import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase, useTestDatabase } from '../support/database.js';
import {
  itemModel,
  itemType,
  projectionsOf,
  startMaintainer,
  waitCaughtUp,
} from './support/projection-harness.js';

const database = useTestDatabase();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('deltas held back by an older transaction elsewhere in the cluster', () => {
  it('are folded soon after it ends, although no NOTIFY marks its end', async () => {
    const inner = createPostgresStore({ url: database.url });
    cleanups.push(() => inner.close());
    let sawHeldBack: () => void = () => {};
    const noticed = new Promise<void>((resolve) => {
      sawHeldBack = resolve;
    });
    const store = {
      ...inner,
      async heldBack(after: Parameters<NonNullable<typeof inner.heldBack>>[0]) {
        const held = (await inner.heldBack?.(after)) ?? false;
        if (held) sawHeldBack();
        return held;
      },
    };
    const model = itemModel();
    // An idle poll far beyond the test's patience: only the held-back re-reads can help.
    const maintainer = await startMaintainer(store, model, 600_000);
    cleanups.push(() => maintainer.stop());
    await waitCaughtUp(store, itemType(model));

    const elsewhere = await createTestDatabase({ migrate: false });
    cleanups.push(() => elsewhere.drop());
    const blocker = postgres(elsewhere.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => blocker.end());
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const open = blocker.begin(async (tx) => {
      await tx`SELECT pg_current_xact_id()`;
      holding();
      await released;
    });
    await held;

    await store.append([
      {
        id: 'late',
        creator: 'c',
        host: 'h',
        timeCreated: 1,
        pointers: [
          { localContext: 'item', target: { id: 'e1' }, targetContext: 'name' },
          { localContext: 'name', target: 'held' },
        ],
      },
    ]);
    // The maintainer has seen the delta held back (and would otherwise sleep until its idle poll).
    await noticed;
    release();
    await open;
    await waitCaughtUp(store, itemType(model), 5_000);
    const checkpoint = await projectionsOf(store).checkpoint(
      (await projectionsOf(store).checkpoints())[0]?.tableName ?? '',
    );
    expect(checkpoint?.members).toBe(1);
  }, 60_000);
});
