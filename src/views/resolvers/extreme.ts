import { compareCodePoints } from '../../delta/code-point-order.js';
import { toDateTimeMillis } from '../../delta/date-time.js';
import type { Target } from '../../delta/delta.js';
import type { ScalarName } from '../../model/model.js';
import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import { createKeepBest } from './keep-best.js';
import type { Resolver } from './resolver.js';

type Compare = (a: Target, b: Target) => number;

const numeric: Compare = (a, b) => (a as number) - (b as number);
const codePoints: Compare = (a, b) => compareCodePoints(a as string, b as string);
// `accepts` let only DateTimes through, so every value converts.
const epochMs = (value: Target): number => toDateTimeMillis(value) as number;
const instant: Compare = (a, b) => epochMs(a) - epochMs(b);

/** Numbers by value, strings by code point, DateTime by the instant it names. */
const compareFor = (scalar: ScalarName): Compare =>
  scalar === 'String' || scalar === 'ID' ? codePoints : scalar === 'DateTime' ? instant : numeric;

/**
 * `min` / `max`. Values of another type than the property's were already
 * filtered out by `accepts` (docs/design.md §2: non-numeric values of numeric
 * properties are ignored). Equal values that differ (a DateTime as a number
 * and as a string) are settled by the greatest (timeCreated, id).
 */
export const createExtreme = (accepts: Accepts, scalar: ScalarName, max: boolean): Resolver => {
  const compare = compareFor(scalar);
  return createKeepBest(accepts, (value, t, id, best, bestTime, bestId) => {
    const order = compare(value, best);
    if (order !== 0) return max ? order > 0 : order < 0;
    return compareTimeId(t, id, bestTime, bestId) > 0;
  });
};
