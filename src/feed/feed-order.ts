import type { FeedCursor, FeedEntry } from '../store/delta-store.js';

/**
 * Orders two cursors in feed order, `(txid, position)` (DESIGN.md §5.3).
 * `null` stands for "before the first entry" and sorts first.
 */
export function compareCursors(a: FeedCursor | null, b: FeedCursor | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}

/** True when `entry` comes strictly after `cursor` in feed order. */
export const isAfter = (entry: FeedEntry, cursor: FeedCursor | null): boolean =>
  compareCursors(entry.cursor, cursor) > 0;

/** The later of two cursors in feed order. */
export const laterCursor = (a: FeedCursor | null, b: FeedCursor | null): FeedCursor | null =>
  compareCursors(a, b) >= 0 ? a : b;
