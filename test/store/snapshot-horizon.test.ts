import postgres, { type ReservedSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';

// The snapshot horizon is cluster-wide, so this file holds transactions open
// on a cluster of its own, where no other test file can be held back by them.
let cluster: ThrowawayCluster;
let database: TestDatabase;
let store: DeltaStore;
let raw: postgres.Sql;

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  database = await createTestDatabase({ adminUrl: cluster.url });
  store = createPostgresStore({ url: database.url });
  raw = postgres(database.url, { max: 4, onnotice: () => {} });
});
afterAll(async () => {
  await store?.close();
  await raw?.end();
  await cluster?.stop();
});

const delta = (id: string): Delta => ({
  id,
  creator: 'test',
  host: 'node-a',
  timeCreated: 1,
  pointers: [{ localContext: 'name', target: id }],
});

/** Inserts on a connection of its own inside an open transaction, as a second instance mid-mutation would. */
const insertUncommitted = async (connection: ReservedSql, d: Delta) => {
  await connection`
    INSERT INTO deltas (id, creator, host, time_created, pointers)
    VALUES (${d.id}, ${d.creator}, ${d.host}, ${d.timeCreated}, ${connection.json(d.pointers as never)})`;
};

const ids = async (after: Parameters<DeltaStore['since']>[0] = null) =>
  (await store.since(after, 100)).map((entry) => entry.delta.id);

describe('since() under transactions that commit out of order', () => {
  test('a lower position committing later is not skipped: the later commit waits behind it', async () => {
    const start = await store.head();
    const slow = await raw.reserve();
    try {
      await slow`BEGIN`;
      await insertUncommitted(slow, delta('early-position')); // takes the lower position and txid
      await store.append([delta('late-position')]); // commits first, with a higher position

      // A reader now must not see 'late-position': passing it would skip 'early-position' for good.
      expect(await ids(start)).toEqual([]);
      expect(await store.heldBack?.(start)).toBe(true);
      expect(await store.head()).toEqual(start);
      await expect(store.get('late-position')).resolves.toMatchObject({ id: 'late-position' });

      await slow`COMMIT`;
      expect(await ids(start)).toEqual(['early-position', 'late-position']);
      expect(await store.heldBack?.(start)).toBe(false);
    } finally {
      slow.release();
    }
  });

  test('feed order is (txid, position): a transaction that got its id first comes first, whatever its position', async () => {
    const start = await store.head();
    const first = await raw.reserve();
    try {
      await first`BEGIN`;
      await first`SELECT pg_current_xact_id()`; // the transaction id is taken now, the position later
      await store.append([delta('second-txid')]); // lower position, higher txid, commits first
      await insertUncommitted(first, delta('first-txid')); // higher position, lower txid
      expect(await ids(start)).toEqual([]);
      await first`COMMIT`;

      const entries = await store.since(start, 100);
      expect(entries.map((entry) => entry.delta.id)).toEqual(['first-txid', 'second-txid']);
      const [a, b] = entries.map((entry) => entry.cursor);
      expect(a?.position).toBeGreaterThan(b?.position ?? 0n);
      // A reader that had stopped after 'first-txid' resumes with 'second-txid', nothing lost.
      expect(await ids(a)).toEqual(['second-txid']);
    } finally {
      first.release();
    }
  });
});

describe('reads at a cursor (docs/design.md §9, atCursor)', () => {
  const about = (id: string): Delta => ({
    ...delta(id),
    pointers: [
      { localContext: 'person', target: { id: 'at-e' }, targetContext: 'name' },
      { localContext: 'name', target: id },
    ],
  });
  const cursorOf = ([outcome]: { txid?: bigint; position: bigint }[]) => ({
    txid: outcome?.txid as bigint,
    position: outcome?.position as bigint,
  });

  test('a cursor settles once every older transaction has ended; the deltas at or before it are then final', async () => {
    const first = cursorOf(await store.append([about('at-1')]));
    const slow = await raw.reserve();
    try {
      await slow`BEGIN`;
      await insertUncommitted(slow, about('at-held')); // an older transaction, still open
      const second = cursorOf(await store.append([about('at-2')]));

      expect(await store.cursorState?.(first)).toEqual({ settled: true, issued: true });
      expect(await store.cursorState?.(second)).toEqual({ settled: false, issued: true });
      expect((await store.byEntitiesAt?.(['at-e'], first))?.map((d) => d.id)).toEqual(['at-1']);

      await slow`COMMIT`;
      expect(await store.cursorState?.(second)).toEqual({ settled: true, issued: true });
      // The held transaction's delta sits before the second cursor in feed order.
      expect((await store.byEntitiesAt?.(['at-e'], second))?.map((d) => d.id).sort()).toEqual([
        'at-1',
        'at-2',
        'at-held',
      ]);
      expect((await store.byEntitiesAt?.(['at-e'], first))?.map((d) => d.id)).toEqual(['at-1']);
    } finally {
      slow.release();
    }
  });

  test('a cursor no transaction has reached yet is not issued', async () => {
    expect(await store.cursorState?.({ txid: 2n ** 60n, position: 1n })).toEqual({
      settled: false,
      issued: false,
    });
  });
});
