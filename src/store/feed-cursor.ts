import { type SQL, sql } from 'drizzle-orm';
import { RhizomeError } from '../errors.js';

/**
 * A place in the feed, and the one home of feed order (docs/design.md §5.3):
 * `(txid, position)`, the inserting transaction's `xid8`, then the row's
 * sequence position. Position alone is not an order: a transaction takes its
 * position before it is given a transaction id.
 */
export interface FeedCursor {
  readonly txid: bigint;
  readonly position: bigint;
}

/** Orders two cursors in feed order; `null` stands for "before the first entry" and sorts first. */
export function compareCursors(a: FeedCursor | null, b: FeedCursor | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (a.txid !== b.txid) return a.txid < b.txid ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}

/** The later of two cursors in feed order. */
export const laterCursor = (a: FeedCursor | null, b: FeedCursor | null): FeedCursor | null =>
  compareCursors(a, b) >= 0 ? a : b;

/** True when `cursor` comes strictly after `after` in feed order. */
export const isAfter = (cursor: FeedCursor, after: FeedCursor | null): boolean =>
  compareCursors(cursor, after) > 0;

/** A cursor's two parts as typed SQL parameters (sent as text: both exceed 2^53). */
export const cursorParams = (cursor: FeedCursor): { readonly txid: SQL; readonly position: SQL } => ({
  txid: sql`${cursor.txid.toString()}::text::xid8`,
  position: sql`${cursor.position.toString()}::text::bigint`,
});

/** `isAfter` in SQL, as a row comparison that the `(txid, position)` index answers. */
export const rowIsAfter = (after: FeedCursor): SQL => {
  const { txid, position } = cursorParams(after);
  return sql`(txid, position) > (${txid}, ${position})`;
};

/** `txid:position`, two unsigned decimal integers without leading zeros. */
const SHAPE = /^(0|[1-9]\d{0,19}):(0|[1-9]\d{0,18})$/;
const MAX_XID8 = 2n ** 64n - 1n;
const MAX_BIGINT = 2n ** 63n - 1n;

/**
 * An opaque, URL-safe string for a feed position. `deltas`, `deltaAdded` and
 * export all hand these out, so one from any of them resumes any other.
 */
export const encodeCursor = (cursor: FeedCursor): string =>
  Buffer.from(`${cursor.txid}:${cursor.position}`, 'utf8').toString('base64url');

/** The inverse of `encodeCursor`; anything it did not produce is `BAD_USER_INPUT`. */
export const decodeCursor = (encoded: string): FeedCursor => {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(encoded)
    ? Buffer.from(encoded, 'base64url').toString('utf8')
    : '';
  const match = SHAPE.exec(text);
  const txid = match?.[1] === undefined ? undefined : BigInt(match[1]);
  const position = match?.[2] === undefined ? undefined : BigInt(match[2]);
  if (txid === undefined || position === undefined || txid > MAX_XID8 || position > MAX_BIGINT) {
    throw new RhizomeError(
      'BAD_USER_INPUT',
      'This cursor is not one Rhizome issued; pass a cursor from the feed as is.',
      {
        details: { argument: 'cursor' },
      },
    );
  }
  return { txid, position };
};
