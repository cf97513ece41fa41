import type { Accepts } from '../accepts.js';
import { createExactSum } from '../exact-sum.js';
import type { Resolver } from './resolver.js';

/**
 * The largest magnitude `sum` and `average` take. Below it, the exact sum of
 * up to 2^54 values stays inside the Float range, so the result is always
 * finite and readable; a larger value is ignored like a non-numeric one (it
 * stays in the lossless view). 2^969 ≈ 1.2e292.
 */
export const MAX_SUMMAND = 2 ** 969;

const summand =
  (accepts: Accepts): Accepts =>
  (value) =>
    accepts(value) && Math.abs(value as number) <= MAX_SUMMAND;

/** `sum`: 0 when there is nothing to add. Exact, so independent of arrival order. */
export const createSum = (accepts: Accepts): Resolver => {
  const counts = summand(accepts);
  const sum = createExactSum();
  return {
    add(value) {
      if (counts(value)) sum.add(value as number);
    },
    result: () => sum.value(),
  };
};

/** `average`: the exact sum divided by the count; null when there are no values. */
export const createAverage = (accepts: Accepts): Resolver => {
  const counts = summand(accepts);
  const sum = createExactSum();
  let count = 0;
  return {
    add(value) {
      if (!counts(value)) return;
      sum.add(value as number);
      count++;
    },
    result: () => (count === 0 ? null : sum.value() / count),
  };
};

/**
 * `count`: how many visible deltas give the property a value, whatever the
 * value is (a count of visits need not care what each visit delta says).
 */
export const createCount = (): Resolver => {
  let count = 0;
  return {
    add() {
      count++;
    },
    result: () => count,
  };
};
