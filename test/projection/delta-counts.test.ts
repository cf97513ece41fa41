import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { itemModel, itemType, startMaintainer, waitCaughtUp } from './support/projection-harness.js';

const database = useTestDatabase();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const delta = (i: number): Delta => ({
  id: `d${i}`,
  creator: i % 3 === 0 ? 'carol' : 'dave',
  host: 'test',
  timeCreated: 1000 + i,
  pointers: [
    { localContext: 'item', target: { id: `e${i % 7}` }, targetContext: 'name' },
    { localContext: 'name', target: `n${i}` },
  ],
});

describe('generic delta reads', () => {
  it('count every delta from the checkpoint plus the rows after it, without scanning the log', async () => {
    const store = createPostgresStore({ url: database.url });
    cleanups.push(() => store.close());
    const raw = postgres(database.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => raw.end());
    const model = itemModel();
    const maintainer = await startMaintainer(store, model);
    cleanups.push(() => maintainer.stop());

    await store.append(Array.from({ length: 300 }, (_, i) => delta(i)));
    await waitCaughtUp(store, itemType(model));
    await maintainer.stop();
    // These come after the checkpoint.
    await store.append(Array.from({ length: 40 }, (_, i) => delta(300 + i)));
    const [row] = await raw`SELECT count(*)::int AS count FROM deltas`;
    expect(row?.count).toBe(340);
    expect(await store.count()).toBe(340);
    expect(await store.count({ creator: 'carol' })).toBe(114);
    expect(await store.count({ since: 1300 })).toBe(40);

    await raw`SET enable_seqscan = off`;
    const plans = [
      await raw`EXPLAIN SELECT count(*) FROM deltas WHERE creator = 'carol'`,
      await raw`EXPLAIN SELECT * FROM deltas WHERE creator = 'carol' ORDER BY txid, position LIMIT 100`,
      await raw`EXPLAIN SELECT * FROM deltas WHERE time_created >= 1300 ORDER BY txid, position LIMIT 100`,
    ];
    for (const plan of plans) {
      expect(plan.map((row) => Object.values(row)[0]).join('\n')).not.toContain('Seq Scan on deltas');
    }
  }, 60_000);
});
