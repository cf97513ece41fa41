import type { Accepts } from '../accepts.js';
import { createExactSum } from '../exact-sum.js';
import type { Resolver } from './resolver.js';

/** `sum`: 0 when there is nothing to add. Exact, so independent of arrival order. */
export const createSum = (accepts: Accepts): Resolver => {
  const sum = createExactSum();
  return {
    add(value) {
      if (accepts(value)) sum.add(value as number);
    },
    result: () => sum.value(),
  };
};

/** `average`: the exact sum divided by the count; null when there are no values. */
export const createAverage = (accepts: Accepts): Resolver => {
  const sum = createExactSum();
  let count = 0;
  return {
    add(value) {
      if (!accepts(value)) return;
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
