import { laterCursor } from '../feed/feed-order.js';
import type { DeltaStore, FeedCursor } from '../store/delta-store.js';

export interface WriteMarks {
  /** The store to hand to the engine: it remembers where each append landed. */
  readonly store: DeltaStore;
  /** The feed position of the latest delta this instance appended (or re-submitted), or null. */
  last(): FeedCursor | null;
}

/**
 * Remembers the feed position of this instance's writes, so a list query can
 * wait until the projection has passed them (read-your-writes, docs/design.md §8).
 */
export function trackWrites(store: DeltaStore): WriteMarks {
  let last: FeedCursor | null = null;
  return {
    store: {
      ...store,
      async append(deltas) {
        const outcomes = await store.append(deltas);
        for (const { txid, position } of outcomes) {
          if (txid === undefined) continue;
          last = laterCursor(last, { txid, position });
        }
        return outcomes;
      },
    },
    last: () => last,
  };
}
