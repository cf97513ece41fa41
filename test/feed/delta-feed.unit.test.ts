import { afterEach, describe, expect, it } from 'vitest';
import { createDeltaFeed, type DeltaFeed } from '../../src/feed/delta-feed.js';
import { collect, ids, inFeedOrder, testDelta, until } from '../support/feed-helpers.js';
import { createMemoryStore } from '../support/memory-store.js';

// The feed's own logic, driven through interleavings and faults on an
// in-memory model of the store; delta-feed.test.ts runs it on Postgres.
const feeds: DeltaFeed[] = [];
const track = (feed: DeltaFeed) => {
  feeds.push(feed);
  return feed;
};
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
});

const fastFeed = (
  store: ReturnType<typeof createMemoryStore>,
  extra: { from?: null; batchSize?: number } = {},
) => track(createDeltaFeed({ store, pollIntervalMs: 20, maxBackoffMs: 20, ...extra }));

describe('delta feed (in-memory store)', () => {
  it('delivers out-of-order commits in feed order, each once, in small batches', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store, { batchSize: 7 });
    const seen = collect(feed);
    await feed.start();
    const written: string[] = [];
    const open = Array.from({ length: 8 }, () => store.begin());
    for (let i = 0; i < 400; i++) {
      const writer = i % 8;
      const delta = testDelta(`w${writer}-${i}`);
      written.push(delta.id);
      open[writer]?.write(delta);
      // Commit in a scrambled order, then start a new transaction for that writer.
      if (i % 13 === 5 || i % 11 === 3) {
        const victim = (i * 5) % 8;
        open[victim]?.commit();
        open[victim] = store.begin();
      }
    }
    for (const tx of open) tx.commit();
    const entries = await seen.waitFor(400);
    expect(entries).toHaveLength(400);
    expect(inFeedOrder(entries)).toBe(true);
    expect(new Set(ids(entries))).toEqual(new Set(written));
  });

  it('delivers a transaction larger than a page in one call, so listeners see it commit at once', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store, { batchSize: 10 });
    const calls: string[][] = [];
    feed.subscribe((entries) => calls.push(ids(entries)));
    await feed.start();
    const big = store.begin();
    for (let i = 0; i < 25; i++) big.write(testDelta(`big-${i}`));
    const small = store.begin();
    small.write(testDelta('after'));
    big.commit();
    small.commit();
    await until(() => calls.flat().length === 26, 'every delta delivered');
    const bigCalls = calls.filter((call) => call.some((id) => id.endsWith('-big-0')));
    expect(bigCalls).toHaveLength(1);
    expect(bigCalls[0]?.filter((id) => /-big-\d+$/.test(id))).toHaveLength(25);
    expect(calls.flat()).toHaveLength(26);
  });

  it('starts at the head when no starting point is given, and from the beginning with null', async () => {
    const store = createMemoryStore();
    await store.append([testDelta('old')]);
    const live = fastFeed(store);
    const all = fastFeed(store, { from: null });
    const liveSeen = collect(live);
    const allSeen = collect(all);
    await Promise.all([live.start(), all.start()]);
    const fresh = testDelta('new');
    await store.append([fresh]);
    expect(ids(await liveSeen.waitFor(1))).toEqual([fresh.id]);
    expect(await allSeen.waitFor(2)).toHaveLength(2);
  });

  it('waits out an unreachable database with backoff, then resumes from its checkpoint', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store);
    const seen = collect(feed);
    await feed.start();
    await store.append([testDelta('before')]);
    await seen.waitFor(1);
    await until(() => feed.healthy, 'a healthy feed');
    store.failing = true;
    await until(() => !feed.healthy, 'the feed to notice the outage');
    const during = testDelta('during');
    const tx = store.begin();
    tx.write(during);
    tx.commit();
    store.failing = false;
    const entries = await seen.waitFor(2);
    await until(() => feed.healthy, 'the feed to recover');
    expect(ids(entries).slice(1)).toEqual([during.id]);
    expect(entries).toHaveLength(2);
  });

  it('abandons a read that never answers and reads again', async () => {
    const store = createMemoryStore();
    const feed = track(
      createDeltaFeed({ store, pollIntervalMs: 600_000, maxBackoffMs: 20, readTimeoutMs: 50 }),
    );
    const seen = collect(feed);
    await feed.start();
    store.hangNextRead = true;
    const delta = testDelta('after-hang');
    await store.append([delta]);
    expect(ids(await seen.waitFor(1))).toEqual([delta.id]);
  });

  it('keeps delivering through polls when the LISTEN is lost unseen, and listens again', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store);
    const seen = collect(feed);
    await feed.start();
    expect(store.listenCalls).toBe(1);
    store.loseListeners();
    for (let i = 0; i < 5; i++) {
      await store.append([testDelta(`quiet-${i}`)]);
      await seen.waitFor(i + 1);
    }
    await until(() => store.listenCalls > 1, 'a fresh LISTEN');
    await store.append([testDelta('after-relisten')]);
    const entries = await seen.waitFor(6);
    expect(entries).toHaveLength(6);
    expect(inFeedOrder(entries)).toBe(true);
  });

  it('reads again soon when a commit is held back by an older transaction that ends without a NOTIFY', async () => {
    const store = createMemoryStore();
    // A poll far beyond the test's timeout: only the held-back re-read can deliver.
    const feed = track(createDeltaFeed({ store, pollIntervalMs: 600_000 }));
    const seen = collect(feed);
    await feed.start();
    let reads = 0;
    const since = store.since.bind(store);
    store.since = (...args) => {
      reads += 1;
      return since(...args);
    };
    const older = store.begin(); // e.g. a transaction in another database of the cluster
    const later = testDelta('held-back');
    await store.append([later]);
    const readsBefore = reads;
    await until(() => reads > readsBefore, 'the read woken by the commit');
    expect(seen.entries).toEqual([]);
    older.rollback(); // ends without a NOTIFY
    expect(ids(await seen.waitFor(1))).toEqual([later.id]);
  });

  it('retries a LISTEN that fails at start, and is healthy once one is in place', async () => {
    const store = createMemoryStore();
    store.failing = true;
    const feed = fastFeed(store, { from: null });
    const seen = collect(feed);
    await feed.start();
    expect(feed.healthy).toBe(false);
    await store.append([testDelta('while-down')]);
    store.failing = false;
    expect(ids(await seen.waitFor(1))).toHaveLength(1);
    await until(() => feed.healthy, 'a LISTEN in place');
    expect(store.listenCalls).toBe(1);
  });

  it('stops while a new LISTEN attempt never answers', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store);
    const seen = collect(feed);
    await feed.start();
    store.hangNextListen = true;
    store.loseListeners();
    for (let i = 0; store.listenCalls < 2; i++) {
      await store.append([testDelta(`quiet-${i}`)]);
      await seen.waitFor(i + 1);
    }
    expect(feed.healthy).toBe(false);
    await feed.stop();
    expect(feed.healthy).toBe(false);
  });

  it('stops while backing off from an unreachable database', async () => {
    const store = createMemoryStore();
    const feed = track(createDeltaFeed({ store, from: null, pollIntervalMs: 20, maxBackoffMs: 600_000 }));
    await feed.start();
    store.failing = true;
    await until(() => !feed.healthy, 'the feed to notice the outage');
    await feed.stop();
    expect(feed.healthy).toBe(false);
  });

  it('starts again after a stop, from its checkpoint, with a new LISTEN', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store, { from: null });
    const seen = collect(feed);
    await feed.start();
    await store.append([testDelta('first')]);
    await seen.waitFor(1);
    await feed.stop();
    const missed = testDelta('while-stopped');
    await store.append([missed]);
    await feed.start();
    expect(ids((await seen.waitFor(2)).slice(1))).toEqual([missed.id]);
    await until(() => feed.healthy, 'a LISTEN in place');
    expect(store.listenCalls).toBe(2);
  });

  it('a listener that throws does not stop the feed or the other listeners', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store);
    feed.subscribe(() => {
      throw new Error('bad listener');
    });
    const seen = collect(feed);
    await feed.start();
    await store.append([testDelta('a')]);
    await store.append([testDelta('b')]);
    expect(await seen.waitFor(2)).toHaveLength(2);
  });

  it('unsubscribe removes the listener', async () => {
    const store = createMemoryStore();
    const feed = fastFeed(store);
    const seen = collect(feed);
    expect(feed.listenerCount).toBe(1);
    seen.stop();
    expect(feed.listenerCount).toBe(0);
  });
});
