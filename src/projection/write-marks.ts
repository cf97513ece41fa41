import type { AppendOutcome, DeltaStore } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import { laterCursor } from '../store/feed-cursor.js';

/**
 * Remembers the feed position of this instance's writes, so a list query can
 * wait until the projection has passed them (read-your-writes, docs/design.md
 * §8). Kept by the app across restarts of its server.
 */
export interface WriteMarks {
  record(outcomes: readonly AppendOutcome[]): void;
  /** The feed position of the latest delta this instance appended (or re-submitted), or null. */
  last(): FeedCursor | null;
}

export function createWriteMarks(): WriteMarks {
  let last: FeedCursor | null = null;
  return {
    record(outcomes) {
      for (const { txid, position } of outcomes) {
        if (txid !== undefined) last = laterCursor(last, { txid, position });
      }
    },
    last: () => last,
  };
}

/**
 * The store to hand to the engine: every append a client made through this
 * instance is recorded in `marks`. Deltas followed from a peer are not: like
 * deltas from another instance, they reach lists within the projection's lag,
 * and a catch-up of thousands must not make this instance's lists wait.
 */
export const markingWrites = (store: DeltaStore, marks: WriteMarks): DeltaStore => ({
  ...store,
  async append(deltas, options) {
    const outcomes = await store.append(deltas, options);
    if (options?.peer === undefined) marks.record(outcomes);
    return outcomes;
  },
});
