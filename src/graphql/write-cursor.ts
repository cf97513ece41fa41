import type { AppendOutcome } from '../store/delta-store.js';
import { encodeCursor, type FeedCursor, laterCursor } from '../store/feed-cursor.js';

/**
 * The feed position of the last delta an operation wrote (docs/design.md §9):
 * mutations note their outcomes here, and the response carries it as
 * `extensions.cursor`, to read one's own write at a stable point with
 * `atCursor`. A re-submitted delta counts at the position it was first stored.
 */
export interface WriteCursor {
  note(outcomes: readonly AppendOutcome[]): void;
  /** The encoded cursor, or undefined when the operation wrote nothing. */
  encoded(): string | undefined;
}

export function createWriteCursor(): WriteCursor {
  let last: FeedCursor | null = null;
  return {
    note(outcomes) {
      for (const { txid, position } of outcomes) {
        if (txid !== undefined) last = laterCursor(last, { txid, position });
      }
    },
    encoded: () => (last === null ? undefined : encodeCursor(last)),
  };
}
