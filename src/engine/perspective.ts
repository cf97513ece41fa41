import type { FeedCursor } from '../store/feed-cursor.js';
import type { ViewOptions } from '../views/views.js';

/**
 * From where a read sees the data (docs/design.md §9): valid time (`asOf`),
 * whose deltas count (`trust`) and transaction time (`atCursor`: only deltas
 * at or before that feed position).
 *
 * @example { asOf: Date.parse('2026-01-01'), trust: { creators: ['alice'] } }
 */
export interface Perspective extends ViewOptions {
  readonly atCursor?: FeedCursor;
}

/** What the view cache takes: the cursor is the loader's business, not the views'. */
export const viewOptionsOf = (perspective: Perspective | undefined): ViewOptions | undefined => {
  if (perspective === undefined) return undefined;
  const { asOf, trust } = perspective;
  if (asOf === undefined && trust === undefined) return undefined;
  return { ...(asOf !== undefined && { asOf }), ...(trust !== undefined && { trust }) };
};
