import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import type { Resolver } from './resolver.js';

interface Piece {
  readonly text: string;
  readonly t: number;
  readonly id: string;
}

const byTimeId = (a: Piece, b: Piece): number => compareTimeId(a.t, a.id, b.t, b.id);

/**
 * `concatenate`: string values joined in (timeCreated, id) order. Pieces are
 * appended in O(1); they are sorted (only if one arrived out of order) and
 * joined when the result is read, and the joined text is kept until the next add.
 */
export const createConcatenate = (accepts: Accepts, separator: string): Resolver => {
  const pieces: Piece[] = [];
  let sorted = true;
  let joined: string | undefined = '';
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      const last = pieces[pieces.length - 1];
      if (last && compareTimeId(t, id, last.t, last.id) < 0) sorted = false;
      pieces.push({ text: value as string, t, id });
      joined = undefined;
    },
    result() {
      if (joined === undefined) {
        if (!sorted) pieces.sort(byTimeId);
        sorted = true;
        joined = pieces.map((piece) => piece.text).join(separator);
      }
      return pieces.length === 0 ? null : joined;
    },
  };
};
