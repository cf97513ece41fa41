import type { Delta } from '../../src/delta/delta.js';
import type { DeltaFeed } from '../../src/feed/delta-feed.js';
import type { FeedEntry } from '../../src/store/delta-store.js';
import { compareCursors } from '../../src/store/feed-cursor.js';

let counter = 0;

/** A delta with a unique id; `label` lets a test find it again. */
export function testDelta(label: string): Delta {
  counter += 1;
  return {
    id: `feed-test-${process.pid}-${counter}-${label}`,
    creator: 'feed-test',
    host: 'test',
    timeCreated: 1_764_000_000_000 + counter,
    pointers: [
      { localContext: 'subject', target: { id: `thing:${label}` }, targetContext: 'label' },
      { localContext: 'label', target: label },
    ],
  };
}

export interface Collector {
  readonly entries: FeedEntry[];
  /** Resolves once at least `count` entries have arrived in total. */
  waitFor(count: number): Promise<FeedEntry[]>;
  stop(): void;
}

/** Subscribes to `feed` and keeps everything it delivers. */
export function collect(feed: DeltaFeed): Collector {
  const entries: FeedEntry[] = [];
  const waiters: { count: number; resolve: (entries: FeedEntry[]) => void }[] = [];
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (entries.length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(entries);
    }
  };
  const unsubscribe = feed.subscribe((batch) => {
    entries.push(...batch);
    settle();
  });
  return {
    entries,
    waitFor(count) {
      return new Promise((resolve) => {
        waiters.push({ count, resolve });
        settle();
      });
    },
    stop: unsubscribe,
  };
}

/** Pulls `count` entries from an iterator. */
export async function take(iterator: AsyncIterator<FeedEntry>, count: number): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  while (out.length < count) {
    const step = await iterator.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
}

/** True when the entries are in strictly increasing feed order (which also rules out repeats). */
export function inFeedOrder(entries: readonly FeedEntry[]): boolean {
  return entries.every(
    (entry, i) => i === 0 || compareCursors((entries[i - 1] as FeedEntry).cursor, entry.cursor) < 0,
  );
}

export const ids = (entries: readonly FeedEntry[]) => entries.map((entry) => entry.delta.id);

/** Resolves when `condition` holds, checking on each event-loop turn (no fixed sleeps). */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
