import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeltaFeed, type DeltaFeed } from '../../src/feed/delta-feed.js';
import { replayThenLive } from '../../src/feed/replay-then-live.js';
import type { DeltaStore, FeedEntry } from '../../src/store/delta-store.js';
import type { FeedCursor } from '../../src/store/feed-cursor.js';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { collect, ids, inFeedOrder, take } from '../support/feed-helpers.js';
import { usePrivateDatabase } from '../support/private-database.js';
import { createDelayedWriter, runWriters, viaStore, type WriteBatch } from '../support/writers.js';

const db = usePrivateDatabase();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Backend {
  /** Two instances' stores on one database (on PGlite, one process, so one database handle). */
  stores: [DeltaStore, DeltaStore];
  /** Extra writers that hold transactions open (none on PGlite, which runs one transaction at a time). */
  delayed: WriteBatch[];
}

const onPostgres = (): Backend => {
  const stores: [DeltaStore, DeltaStore] = [
    createPostgresStore({ url: db.url, maxConnections: 6 }),
    createPostgresStore({ url: db.url, maxConnections: 6 }),
  ];
  const delayed = Array.from({ length: 4 }, () => createDelayedWriter(db.url));
  closers.push(() =>
    Promise.all([...stores.map((store) => store.close()), ...delayed.map((w) => w.close())]),
  );
  return { stores, delayed: delayed.map((writer) => writer.write) };
};

const onPglite = async (): Promise<Backend> => {
  const database = new PGlite('memory://');
  const store = createPgliteStore({ database });
  await store.migrate();
  closers.push(() => store.close());
  return { stores: [store, createPgliteStore({ database })], delayed: [] };
};

const feedOn = (store: DeltaStore): DeltaFeed => {
  const feed = createDeltaFeed({ store, pollIntervalMs: 500 });
  closers.unshift(() => feed.stop());
  return feed;
};

describe.each([
  ['PostgreSQL', async () => onPostgres()],
  ['PGlite', onPglite],
])('feed and replayThenLive on %s', (_name, open) => {
  it('two instances see 4,000 concurrent writes in one feed order; a client resuming from its cursor mid-stream misses nothing', async () => {
    const { stores, delayed } = await open();
    const [a, b] = stores.map(feedOn) as [DeltaFeed, DeltaFeed];
    const seed = await runWriters({ writers: [viaStore(stores[0])], total: 300, seed: 5 });
    await Promise.all([a.start(), b.start()]);
    const seenA = collect(a);
    const seenB = collect(b);
    const history = await stores[1].since(null, 1000);
    expect(ids(history)).toHaveLength(seed.length);
    const resumeFrom = (history[99] as FeedEntry).cursor;

    const writers = [
      ...[0, 1, 2, 3].map((i) => viaStore(stores[i % 2] as DeltaStore)),
      ...(delayed.length > 0 ? delayed : [0, 1, 2, 3].map((i) => viaStore(stores[i % 2] as DeltaStore))),
    ];
    const writing = runWriters({ writers, total: 4000, seed: 9 });

    // A client on B replays from the 100th delta while the writers run, drops
    // its connection after 1,500 entries and resumes from its last cursor.
    const client: FeedEntry[] = [];
    const first = replayThenLive({ store: stores[1], feed: b, after: resumeFrom, pageSize: 64 });
    client.push(...(await take(first, 1500)));
    await first.return?.();
    expect(b.listenerCount).toBe(1);
    const last = (client.at(-1) as FeedEntry).cursor as FeedCursor;
    const second = replayThenLive({ store: stores[1], feed: b, after: last, pageSize: 64 });
    const written = await writing;
    client.push(...(await take(second, 200 + 4000 - 1500)));
    await second.return?.();

    const [entriesA, entriesB] = await Promise.all([seenA.waitFor(4000), seenB.waitFor(4000)]);
    expect(entriesA).toHaveLength(4000);
    expect(inFeedOrder(entriesA)).toBe(true);
    expect(new Set(ids(entriesA))).toEqual(new Set(written));
    expect(ids(entriesB)).toEqual(ids(entriesA));
    expect(ids(client)).toEqual([...ids(history.slice(100)), ...ids(entriesA)]);
    expect(b.listenerCount).toBe(1);
  }, 60_000);
});
