import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { RhizomeError } from '../../src/errors.js';
import type { AppendGuard, DeltaStore } from '../../src/store/delta-store.js';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { scope } from './contract-fixtures.js';

const database = useTestDatabase();
const opened: DeltaStore[] = [];
afterAll(() => Promise.all(opened.map((store) => store.close())));

/** Two stores on one database: two instances for postgres.js; PGlite has one connection, so one store twice. */
const backends: [string, () => Promise<[DeltaStore, DeltaStore]>][] = [
  [
    'postgres.js',
    async () => {
      const stores = [createPostgresStore({ url: database.url }), createPostgresStore({ url: database.url })];
      opened.push(...stores);
      return stores as [DeltaStore, DeltaStore];
    },
  ],
  [
    'PGlite',
    async () => {
      const store = createPgliteStore({ database: new PGlite('memory://') });
      opened.push(store);
      await store.migrate();
      return [store, store];
    },
  ],
];

const naming = (id: string, entity: string, host = 'node-a', timeCreated = 1000): Delta => ({
  id,
  creator: 'alice',
  host,
  timeCreated,
  pointers: [
    { localContext: 'person', target: { id: entity }, targetContext: 'name' },
    { localContext: 'name', target: id },
  ],
});

/** Lets the append through only while nothing references the entity. */
const untouched = (entity: string): AppendGuard => ({
  key: `test:${entity}`,
  async check(reads) {
    if ((await reads.byEntities([entity])).length > 0) throw new RhizomeError('CONFLICT', `${entity} exists`);
  },
});

describe.each(backends)('append options on %s', (_name, openBackend) => {
  let stores: [DeltaStore, DeltaStore];
  // Opened once for the file's tests: starting PGlite is the slow part.
  beforeAll(async () => {
    stores = await openBackend();
  }, 60_000);
  const open = async () => stores;
  it('a guard runs under its lock in the append transaction: of 12 racing appends exactly one passes', async () => {
    const [one, two] = await open();
    const { id } = scope();
    const entity = id('entity');
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, n) =>
        (n % 2 ? one : two).append([naming(id(`d${n}`), entity)], { guard: untouched(entity) }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as RhizomeError).code).toBe('CONFLICT');
    }
    expect(await one.byEntities([entity])).toHaveLength(1);
  });

  it('a re-submit matches the stored delta on the fields the server filled in, and returns it', async () => {
    const [one, two] = await open();
    const { id } = scope();
    const first = naming(id('d'), id('e'), 'node-a', 1000);
    await one.append([first]);
    const retry = naming(id('d'), id('e'), 'node-b', 2000);
    const [outcome] = await two.append([retry], { defaulted: [['host', 'timeCreated']] });
    expect(outcome).toMatchObject({ inserted: false, delta: first });
    await expect(two.append([retry], { defaulted: [['host']] })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
