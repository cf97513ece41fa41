import { MAX_TIME } from './limits.js';

/**
 * The one DateTime rule (docs/design.md §4): a point in time is whole epoch
 * milliseconds within the range a JavaScript `Date` can represent, given as
 * a number or an ISO 8601 string. Input parsing everywhere (the GraphQL
 * scalar, DeltaInput, typed input, filters) goes through here, so nothing is
 * accepted that the ISO serialiser would later fail on.
 */

/** Whole milliseconds within ±MAX_TIME (8.64e15, about ±273,790 years), the range of a `Date`. */
export const isDateTimeMillis = (value: unknown): value is number =>
  Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_TIME;

// Date.parse accepts too much (e.g. "1" is the year 2001): insist on a date-shaped string.
const DATE_SHAPED = /^[+-]?\d{4,6}-\d{2}-\d{2}/;
const INTEGER = /^-?\d+$/;

/**
 * Epoch milliseconds for a DateTime given as a number, a digit string or an
 * ISO 8601 string; `undefined` when it is none of these or out of range.
 */
export const toDateTimeMillis = (value: unknown): number | undefined => {
  let millis: number;
  if (typeof value === 'number') millis = value;
  else if (value instanceof Date) millis = value.getTime();
  else if (typeof value === 'string' && INTEGER.test(value)) millis = Number(value);
  else if (typeof value === 'string' && DATE_SHAPED.test(value)) millis = Date.parse(value);
  else return undefined;
  return isDateTimeMillis(millis) ? millis : undefined;
};
