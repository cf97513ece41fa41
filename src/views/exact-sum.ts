/**
 * An exactly maintained sum of floats (Shewchuk's non-overlapping partials,
 * as in Python's `math.fsum`). Floating-point addition is not associative, so
 * a running `total += x` would depend on arrival order; the exact sum, rounded once when read, depends only on the set of
 * values, so every node shows the same total. Adding costs
 * O(partials), which stays a handful for real data.
 */
export interface ExactSum {
  add(value: number): void;
  value(): number;
}

const addPartial = (partials: number[], value: number): void => {
  let x = value;
  let kept = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number;
    if (Math.abs(x) < Math.abs(y)) {
      const swap = x;
      x = y;
      y = swap;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  partials.length = kept;
  partials.push(x);
};

/** The exact sum of the partials, correctly rounded (half to even), as `math.fsum` does. */
const roundPartials = (partials: readonly number[]): number => {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  const next = partials[n - 1];
  if (n > 0 && next !== undefined && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  // Adding 0 turns -0 into 0: an empty or cancelled sum reads the same everywhere.
  return hi + 0;
};

export const createExactSum = (): ExactSum => {
  const partials: number[] = [];
  return {
    add: (value) => addPartial(partials, value),
    value: () => roundPartials(partials),
  };
};
