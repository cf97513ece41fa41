/**
 * The feed-level half of `bench/fanout.ts`: instance B reduced to its delta
 * feed, with 1,000 `replayThenLive` iterators (what each `deltaAdded`
 * subscription runs on) in this process, so the feed's own cost shows apart
 * from GraphQL execution and WebSocket sends.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Delta } from '../src/delta/delta.js';
import { createDeltaFeed } from '../src/feed/delta-feed.js';
import { replayThenLive } from '../src/feed/replay-then-live.js';
import type { DeltaStore } from '../src/store/delta-store.js';
import { createPostgresStore } from '../src/store/postgres-store.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

export interface FeedLevelOptions {
  readonly databaseUrl: string;
  readonly writer: DeltaStore;
  readonly subscribers: number;
  readonly rate: number;
  readonly seconds: number;
  readonly warmupMs: number;
  readonly delta: (seq: number) => Delta;
  readonly firstSeq: number;
}

export async function runFeedLevel(options: FeedLevelOptions) {
  const { subscribers, rate, seconds, warmupMs, writer, firstSeq } = options;
  const store = createPostgresStore({ url: options.databaseUrl, maxConnections: 4 });
  const feed = createDeltaFeed({ store });
  await feed.start();
  const commitAt = new Map<string, number>();
  const latencies: number[] = [];
  let measuringFrom = Number.POSITIVE_INFINITY;
  let delivered = 0;

  const before = heap();
  const iterators = Array.from({ length: subscribers }, () => replayThenLive({ store, feed, after: null }));
  const pulls = iterators.map(async (iterator) => {
    for await (const entry of iterator) {
      delivered += 1;
      const committed = commitAt.get(entry.delta.id);
      if (committed !== undefined && committed >= measuringFrom)
        latencies.push(performance.now() - committed);
    }
  });
  const perSubscriber = (heap() - before) / subscribers;

  const total = rate * seconds;
  const started = performance.now();
  measuringFrom = started + warmupMs;
  const writes: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const delta = options.delta(firstSeq + n);
    writes.push(writer.append([delta]).then(() => void commitAt.set(delta.id, performance.now())));
  }
  await Promise.all(writes);
  const expected = total * subscribers;
  const deadline = performance.now() + 30_000;
  while (delivered < expected && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(iterators.map((iterator) => iterator.return?.()));
  await Promise.all(pulls);
  await feed.stop();
  await store.close();

  latencies.sort((x, y) => x - y);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
  return {
    mode: 'feed (replayThenLive)',
    subscribers,
    'deltas/s': rate,
    'messages/s': rate * subscribers,
    delivered: `${delivered}/${expected}`,
    'p50 ms': at(50).toFixed(1),
    'p99 ms': at(99).toFixed(1),
    'max ms': (latencies.at(-1) ?? Number.NaN).toFixed(1),
    'heap/idle sub KiB': (perSubscriber / 1024).toFixed(2),
    'rss/idle sub KiB': '-',
  };
}
