import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDeltaFeed, type DeltaFeed } from '../../src/feed/delta-feed.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { collect, ids, inFeedOrder } from '../support/feed-helpers.js';
import { usePrivateDatabase } from '../support/private-database.js';
import {
  createDelayedWriter,
  type DelayedWriter,
  runWriters,
  viaStore,
  type WriteBatch,
} from '../support/writers.js';

// Two instances (two stores, two feeds) on one real database, as behind a load balancer, on a
// cluster of this file's own (the delayed writers hold transactions open; see private-database.ts).
const db = usePrivateDatabase();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function instance(pollIntervalMs: number): { store: DeltaStore; feed: DeltaFeed } {
  const store = createPostgresStore({ url: db.url, maxConnections: 6 });
  const feed = createDeltaFeed({ store, pollIntervalMs, maxBackoffMs: 200 });
  closers.push(async () => {
    await feed.stop();
    await store.close();
  });
  return { store, feed };
}

function delayedWriter(): DelayedWriter {
  const writer = createDelayedWriter(db.url);
  closers.push(() => writer.close());
  return writer;
}

/** 8 writers: per instance, two through its store and two holding transactions open at random. */
function eightWriters(a: ReturnType<typeof instance>, b: ReturnType<typeof instance>): WriteBatch[] {
  return [
    viaStore(a.store),
    viaStore(a.store),
    viaStore(b.store),
    viaStore(b.store),
    ...Array.from({ length: 4 }, () => delayedWriter().write),
  ];
}

describe('delta feed on PostgreSQL, two instances', () => {
  it('delivers 4,000 deltas of 8 concurrent out-of-order writers to both instances in the same feed order, once each', async () => {
    const a = instance(1000);
    const b = instance(1000);
    await Promise.all([a.feed.start(), b.feed.start()]);
    const seenA = collect(a.feed);
    const seenB = collect(b.feed);

    const written = await runWriters({ writers: eightWriters(a, b), total: 4000, seed: 7 });

    const [entriesA, entriesB] = await Promise.all([seenA.waitFor(4000), seenB.waitFor(4000)]);
    expect(written).toHaveLength(4000);
    expect(entriesA).toHaveLength(4000);
    expect(inFeedOrder(entriesA)).toBe(true);
    expect(new Set(ids(entriesA))).toEqual(new Set(written));
    expect(ids(entriesB)).toEqual(ids(entriesA));
    // The writes really did commit out of position order.
    const positions = entriesA.map((entry) => entry.cursor.position);
    expect(positions.some((position, i) => i > 0 && position < (positions[i - 1] as bigint))).toBe(true);
  }, 60_000);

  it("loses and repeats nothing when the instances' LISTEN backends are terminated mid-stream", async () => {
    // A poll too slow to matter: everything has to come through LISTEN and its recovery.
    const a = instance(60_000);
    const b = instance(60_000);
    await Promise.all([a.feed.start(), b.feed.start()]);
    const seenA = collect(a.feed);
    const seenB = collect(b.feed);
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    closers.push(() => admin.end());
    const terminateListeners = async () => {
      // Only backends in this test's own database: the LISTEN connections of both instances.
      const rows = await admin`
        SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'listen%'`;
      return rows.length;
    };
    let terminations = 0;
    let killed = 0;
    const marks = [500, 1500, 2500];
    const written = await runWriters({
      writers: eightWriters(a, b),
      total: 3000,
      seed: 11,
      onProgress: (count) => {
        if (terminations < marks.length && count >= (marks[terminations] as number)) {
          terminations += 1;
          void terminateListeners().then((n) => {
            killed += n;
          });
        }
      },
    });

    const [entriesA, entriesB] = await Promise.all([seenA.waitFor(3000), seenB.waitFor(3000)]);
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(entriesA).toHaveLength(3000);
    expect(inFeedOrder(entriesA)).toBe(true);
    expect(new Set(ids(entriesA))).toEqual(new Set(written));
    expect(ids(entriesB)).toEqual(ids(entriesA));
  }, 60_000);
});
