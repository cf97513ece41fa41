import { RhizomeError } from '../errors.js';
import type { DeltaStore, FeedEntry } from '../store/delta-store.js';
import { compareCursors, type FeedCursor, isAfter } from '../store/feed-cursor.js';
import type { DeltaFeed } from './delta-feed.js';

export interface ReplayThenLiveOptions {
  readonly store: DeltaStore;
  readonly feed: DeltaFeed;
  /**
   * Replay every entry after this cursor, then go live. `null`: live only,
   * from the entries that enter the feed after this call.
   */
  readonly after: FeedCursor | null;
  /** Entries per replay read. @default 500 */
  readonly pageSize?: number;
  /**
   * Live entries held for a consumer that does not keep up. Beyond this the
   * iterator fails, and the client resumes from its last cursor, rather than
   * the instance growing without bound. (During the replay, the buffer is
   * dropped instead and the replay goes on further.) @default 10000
   */
  readonly maxBuffered?: number;
}

const finished: IteratorResult<FeedEntry> = { done: true, value: undefined };

/**
 * The entries behind `deltaAdded(after)`: a replay from the store joined to
 * the live feed with no gap and no duplicate. The feed is subscribed first,
 * so nothing that enters it during the replay is missed; the replay runs up
 * to at least the feed's checkpoint at that moment, and live entries at or
 * before the last one handed out are skipped (feed order is a total order).
 */
export function replayThenLive(options: ReplayThenLiveOptions): AsyncIterableIterator<FeedEntry> {
  const { store, feed, after, pageSize = 500, maxBuffered = 10_000 } = options;
  let live: FeedEntry[] = [];
  let liveHead = 0;
  let page: readonly FeedEntry[] = [];
  let pageHead = 0;
  let replaying = after !== null;
  let last: FeedCursor | null = after;
  let closed = false;
  let failure: Error | null = null;
  let wakeConsumer: (() => void) | null = null;

  const unsubscribe = feed.subscribe((entries) => {
    if (closed) return;
    for (const entry of entries) live.push(entry);
    if (live.length - liveHead > maxBuffered) {
      if (replaying) {
        // Everything up to the feed's checkpoint is in the store: drop the
        // buffer and let the replay run that much further instead.
        live = [];
        liveHead = 0;
        target = feed.checkpoint;
        return;
      }
      failure = new RhizomeError(
        'SERVICE_UNAVAILABLE',
        `The subscriber fell more than ${maxBuffered} deltas behind; subscribe again with deltaAdded(after: <last cursor>).`,
      );
      close();
    }
    wakeConsumer?.();
  });
  // Entries after this point reach the listener above; the replay must reach it.
  let target = feed.checkpoint;

  function close() {
    closed = true;
    unsubscribe();
    live = [];
    liveHead = 0;
    page = [];
  }

  async function fetchPage(): Promise<void> {
    const next = await store.since(last, pageSize);
    page = next;
    pageHead = 0;
    const end = next.at(-1);
    if (end === undefined || next.length < pageSize || compareCursors(end.cursor, target) >= 0)
      replaying = false;
  }

  function takeNext(): FeedEntry | undefined {
    while (pageHead < page.length) {
      const entry = page[pageHead++] as FeedEntry;
      if (isAfter(entry.cursor, last)) return entry;
    }
    page = [];
    if (replaying) return undefined;
    while (liveHead < live.length) {
      const entry = live[liveHead++] as FeedEntry;
      if (liveHead === live.length) {
        live = [];
        liveHead = 0;
      }
      if (isAfter(entry.cursor, last)) return entry;
    }
    return undefined;
  }

  async function step(): Promise<IteratorResult<FeedEntry>> {
    try {
      for (;;) {
        if (failure !== null) throw failure;
        if (closed) return finished;
        const entry = takeNext();
        if (entry !== undefined) {
          last = entry.cursor;
          return { done: false, value: entry };
        }
        if (replaying) await fetchPage();
        else await new Promise<void>((resolve) => (wakeConsumer = resolve));
        wakeConsumer = null;
      }
    } catch (error) {
      failure = null;
      close();
      throw error;
    }
  }

  // Calls to next() are served one after another, as the protocol expects.
  let queue: Promise<unknown> = Promise.resolve();
  const iterator: AsyncIterableIterator<FeedEntry> = {
    next() {
      const result = queue.then(step);
      queue = result.catch(() => {});
      return result;
    },
    async return() {
      close();
      wakeConsumer?.();
      return finished;
    },
    async throw(error: unknown) {
      close();
      wakeConsumer?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
