import { afterEach, describe, expect, it } from 'vitest';
import { createDeltaFeed, type DeltaFeed } from '../../src/feed/delta-feed.js';
import { replayThenLive } from '../../src/feed/replay-then-live.js';
import type { FeedEntry } from '../../src/store/delta-store.js';
import { collect, ids, inFeedOrder, take, testDelta } from '../support/feed-helpers.js';
import { createMemoryStore } from '../support/memory-store.js';

const feeds: DeltaFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
});

async function setup(initial: number) {
  const store = createMemoryStore();
  for (let i = 0; i < initial; i++) await store.append([testDelta(`old-${i}`)]);
  const feed = createDeltaFeed({ store, pollIntervalMs: 20 });
  feeds.push(feed);
  await feed.start();
  const history = await store.since(null, 100_000);
  return { store, feed, history };
}

describe('replayThenLive (in-memory store)', () => {
  it('replays from a cursor and joins the live feed with no gap and no repeat, writes during the replay included', async () => {
    const { store, feed, history } = await setup(300);
    const resumeAt = (history[99] as FeedEntry).cursor;
    const iterator = replayThenLive({ store, feed, after: resumeAt, pageSize: 16 });
    const got: FeedEntry[] = [];
    const liveSeen = collect(feed);
    const written: string[] = [];
    for (let round = 0; round < 20; round++) {
      got.push(...(await take(iterator, 10)));
      // A write the feed has not delivered yet, and one it has.
      const pending = testDelta(`during-${round}`);
      const tx = store.begin();
      tx.write(pending);
      tx.commit();
      written.push(pending.id);
      if (round % 4 === 0) await liveSeen.waitFor(written.length);
    }
    await liveSeen.waitFor(written.length);
    got.push(...(await take(iterator, 200 + written.length - got.length)));
    const expected = [...ids(history.slice(100)), ...written];
    expect(ids(got)).toEqual(expected);
    expect(inFeedOrder(got)).toBe(true);
    await iterator.return?.();
    expect(feed.listenerCount).toBe(1);
  });

  it('a replay that outlasts the live buffer drops the buffer and replays further, still without gap or repeat', async () => {
    const { store, feed, history } = await setup(200);
    const iterator = replayThenLive({
      store,
      feed,
      after: (history[9] as FeedEntry).cursor,
      pageSize: 8,
      maxBuffered: 5,
    });
    const liveSeen = collect(feed);
    const got: FeedEntry[] = [];
    const written: string[] = [];
    for (let round = 0; round < 30; round++) {
      got.push(...(await take(iterator, 5)));
      const delta = testDelta(`overflow-${round}`);
      await store.append([delta]);
      written.push(delta.id);
      await liveSeen.waitFor(written.length);
    }
    got.push(...(await take(iterator, 190 + written.length - got.length)));
    expect(ids(got)).toEqual([...ids(history.slice(10)), ...written]);
    await iterator.return?.();
  });

  it('without a cursor streams only what enters the feed after the call', async () => {
    const { store, feed } = await setup(5);
    const iterator = replayThenLive({ store, feed, after: null });
    const fresh = testDelta('fresh');
    await store.append([fresh]);
    expect(ids(await take(iterator, 1))).toEqual([fresh.id]);
    await iterator.return?.();
  });

  it('return() ends a pending next() and drops the subscription', async () => {
    const { store, feed } = await setup(0);
    const iterator = replayThenLive({ store, feed, after: null });
    expect(feed.listenerCount).toBe(1);
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(feed.listenerCount).toBe(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('fails with SERVICE_UNAVAILABLE rather than buffering without bound for a stalled consumer', async () => {
    const { store, feed } = await setup(0);
    const iterator = replayThenLive({ store, feed, after: null, maxBuffered: 10 });
    const seen = collect(feed);
    for (let i = 0; i < 12; i++) await store.append([testDelta(`flood-${i}`)]);
    await seen.waitFor(12);
    await expect(iterator.next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(feed.listenerCount).toBe(1);
  });
});
