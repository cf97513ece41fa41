import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import type { Resolver } from './resolver.js';

interface Piece {
  readonly text: string;
  readonly t: number;
  readonly id: string;
}

const byTimeId = (a: Piece, b: Piece): number => compareTimeId(a.t, a.id, b.t, b.id);

/** Where `piece` belongs: after every piece that sorts before or equal to it. */
const insertionPoint = (pieces: readonly Piece[], piece: Piece): number => {
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byTimeId(pieces[middle] as Piece, piece) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
};

/**
 * `concatenate`: string values joined in (timeCreated, id) order. Pieces stay
 * sorted as they arrive: appending is O(1), and a late piece is inserted after
 * a binary search (clock jitter puts it near the end, so the move is short).
 * The joined text is built when read and kept until the next add.
 */
export const createConcatenate = (accepts: Accepts, separator: string): Resolver => {
  const pieces: Piece[] = [];
  let joined: string | undefined = '';
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      const piece = { text: value as string, t, id };
      const last = pieces[pieces.length - 1];
      if (!last || byTimeId(last, piece) <= 0) pieces.push(piece);
      else pieces.splice(insertionPoint(pieces, piece), 0, piece);
      joined = undefined;
    },
    result() {
      joined ??= pieces.map((piece) => piece.text).join(separator);
      return pieces.length === 0 ? null : joined;
    },
  };
};
