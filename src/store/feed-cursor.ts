import { RhizomeError } from '../errors.js';
import type { FeedCursor } from './delta-store.js';

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
