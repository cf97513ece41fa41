import { describe, expect, it } from 'vitest';
import { createEventQueue } from '../../src/engine/event-queue.js';
import { createSubscriptionCohorts } from '../../src/server/subscription-cohorts.js';

/** A source the test pushes into, counting how often it was started and returned. */
function source() {
  const queue = createEventQueue<number>({
    limit: 100_000,
    overflow: () => new Error('source overflow'),
    onEnd: () => {
      returned++;
    },
  });
  let started = 0;
  let returned = 0;
  return {
    start: () => {
      started++;
      return queue.events;
    },
    push: queue.push,
    fail: queue.fail,
    close: queue.close,
    started: () => started,
    returned: () => returned,
  };
}

const cohorts = (queueLimit = 1000) =>
  createSubscriptionCohorts<number>({ queueLimit, overflow: () => new Error('RATE_LIMITED') });

const take = async (stream: AsyncIterator<number>, n: number) => {
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push((await stream.next()).value as number);
  return values;
};

const asStream = (value: unknown) => value as AsyncIterableIterator<number>;

describe('subscription cohorts', () => {
  it('runs one execution per key and hands every member every result, in order', async () => {
    const registry = cohorts();
    const s = source();
    const members = await Promise.all(
      Array.from({ length: 200 }, () => registry.join('k', s.start).then(asStream)),
    );
    for (let i = 0; i < 5; i++) s.push(i);
    for (const member of members) expect(await take(member, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(s.started()).toBe(1);
    expect(registry.counts()).toEqual({ cohorts: 1, subscriptions: 200 });
  });

  it('keeps different keys apart', async () => {
    const registry = cohorts();
    const a = source();
    const b = source();
    const ma = asStream(await registry.join('a', a.start));
    const mb = asStream(await registry.join('b', b.start));
    a.push(1);
    b.push(2);
    expect(await take(ma, 1)).toEqual([1]);
    expect(await take(mb, 1)).toEqual([2]);
    expect(registry.counts().cohorts).toBe(2);
  });

  it('a late member of a subscription hears what follows; of a live query, starts from the latest result', async () => {
    const registry = cohorts();
    const s = source();
    const first = asStream(await registry.join('sub', s.start));
    s.push(1);
    expect(await take(first, 1)).toEqual([1]);
    const late = asStream(await registry.join('sub', s.start));
    s.push(2);
    expect(await take(late, 1)).toEqual([2]);

    const live = source();
    const l1 = asStream(await registry.join('live', live.start, { replayLatest: true }));
    live.push(10);
    expect(await take(l1, 1)).toEqual([10]);
    const l2 = asStream(await registry.join('live', live.start, { replayLatest: true }));
    live.push(11);
    expect(await take(l2, 2)).toEqual([10, 11]);
    expect(live.started()).toBe(1);
  });

  it('ends a member that falls behind alone; the others keep receiving', async () => {
    const registry = cohorts(3);
    const s = source();
    const slow = asStream(await registry.join('k', s.start));
    const fast = asStream(await registry.join('k', s.start));
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      s.push(i);
      seen.push(...(await take(fast, 1)));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expect(slow.next()).rejects.toThrow('RATE_LIMITED');
    expect(registry.counts().subscriptions).toBe(1);
    expect(s.returned()).toBe(0);
  });

  it('returns the source when the last member leaves, and starts afresh for the next one', async () => {
    const registry = cohorts();
    const s = source();
    const a = asStream(await registry.join('k', s.start));
    const b = asStream(await registry.join('k', s.start));
    await a.return?.();
    expect(s.returned()).toBe(0);
    await b.return?.();
    expect(s.returned()).toBe(1);
    expect(registry.counts()).toEqual({ cohorts: 0, subscriptions: 0 });
    const again = source();
    await registry.join('k', again.start);
    expect(again.started()).toBe(1);
  });

  it("passes a source's failure and end to every member", async () => {
    const registry = cohorts();
    const failing = source();
    const members = await Promise.all([1, 2].map(() => registry.join('f', failing.start).then(asStream)));
    failing.fail(new Error('RATE_LIMITED upstream'));
    for (const member of members) await expect(member.next()).rejects.toThrow('RATE_LIMITED upstream');
    const ending = source();
    const m = asStream(await registry.join('e', ending.start));
    ending.close();
    expect(await m.next()).toEqual({ value: undefined, done: true });
    expect(registry.counts().cohorts).toBe(0);
  });

  it("does not send a live query's result again when it is the same as the one before", async () => {
    const registry = createSubscriptionCohorts<number>({
      queueLimit: 1000,
      overflow: () => new Error('RATE_LIMITED'),
      same: (a, b) => a === b,
    });
    const live = source();
    const member = asStream(await registry.join('live', live.start, { replayLatest: true }));
    for (const value of [1, 1, 2, 2, 1]) live.push(value);
    expect(await take(member, 3)).toEqual([1, 2, 1]);
  });

  it('hands a member that delivers its own results every result, its stream carrying only the end', async () => {
    const registry = cohorts();
    const s = source();
    const delivered: number[] = [];
    const member = asStream(await registry.join('d', s.start, { deliver: (value) => delivered.push(value) }));
    for (let i = 0; i < 3; i++) s.push(i);
    s.close();
    expect(await member.next()).toEqual({ value: undefined, done: true });
    expect(delivered).toEqual([0, 1, 2]);
  });

  it('answers a result that is not a stream (an error) as it is, without keeping a cohort', async () => {
    const registry = cohorts();
    expect(await registry.join('x', () => 42)).toBe(42);
    expect(registry.counts()).toEqual({ cohorts: 0, subscriptions: 0 });
  });
});
