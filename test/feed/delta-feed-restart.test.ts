import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeltaFeed, type DeltaFeed } from '../../src/feed/delta-feed.js';
import { replayThenLive } from '../../src/feed/replay-then-live.js';
import type { DeltaStore, FeedEntry } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase } from '../support/database.js';
import { collect, ids, inFeedOrder, until } from '../support/feed-helpers.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';
import { createDelayedWriter, runWriters, viaStore } from '../support/writers.js';

// Restarting a server would break every other test file, so this one has its own.
let cluster: ThrowawayCluster;
let url: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  url = (await createTestDatabase({ adminUrl: cluster.url })).url;
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  await cluster?.stop();
});

function instance(): { store: DeltaStore; feed: DeltaFeed } {
  const store = createPostgresStore({ url, maxConnections: 4, connectTimeoutSeconds: 5 });
  const feed = createDeltaFeed({ store, pollIntervalMs: 500, maxBackoffMs: 500 });
  closers.push(async () => {
    await feed.stop();
    await store.close();
  });
  return { store, feed };
}

describe('delta feed across a PostgreSQL restart', () => {
  it('loses and repeats nothing, on either instance or a replaying subscriber, when the server restarts mid-stream', async () => {
    const a = instance();
    const b = instance();
    await Promise.all([a.feed.start(), b.feed.start()]);
    const seenA = collect(a.feed);
    const seenB = collect(b.feed);
    // A subscriber that joined before the restart, resuming from nothing in particular.
    const subscriber = replayThenLive({ store: b.store, feed: b.feed, after: null });
    const delayed = [createDelayedWriter(url), createDelayedWriter(url)];
    for (const writer of delayed) closers.push(() => writer.close());
    let unhealthySeen = false;
    const watchHealth = setInterval(() => {
      if (!b.feed.healthy) unhealthySeen = true;
    }, 10);
    closers.push(async () => clearInterval(watchHealth));

    let restart: Promise<void> | undefined;
    let failedWrites = 0;
    const written = await runWriters({
      writers: [viaStore(a.store), viaStore(b.store), ...delayed.map((writer) => writer.write)],
      total: 2000,
      seed: 3,
      retry: true,
      onError: () => {
        failedWrites += 1;
      },
      onProgress: (count) => {
        if (count >= 700 && restart === undefined) restart = cluster.restart();
      },
    });
    await restart;

    const [entriesA, entriesB] = await Promise.all([seenA.waitFor(2000), seenB.waitFor(2000)]);
    const streamed: FeedEntry[] = [];
    for await (const entry of subscriber) {
      streamed.push(entry);
      if (streamed.length === 2000) break;
    }
    expect(entriesA).toHaveLength(2000);
    expect(inFeedOrder(entriesA)).toBe(true);
    expect(new Set(ids(entriesA))).toEqual(new Set(written));
    expect(ids(entriesB)).toEqual(ids(entriesA));
    expect(ids(streamed)).toEqual(ids(entriesA));
    expect(unhealthySeen).toBe(true);
    expect(failedWrites).toBeGreaterThan(0);
    // Up to 30 s: on a loaded CI machine a LISTEN attempt begun while the server restarts can wait out
    // its 5 s connect timeout more than once; 10 s ran out once in CI (stop 24) while it passed alone.
    await until(() => a.feed.healthy && b.feed.healthy, 'both feeds healthy again', 30_000);
    expect(b.feed.listenerCount).toBe(1);
  }, 60_000);
});
