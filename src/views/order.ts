import { compareCodePoints } from '../delta/code-point-order.js';

/** Negative when delta a (time ta, id ia) comes before delta b (docs/design.md §2): by time, then id by code point. */
export const compareTimeId = (ta: number, ia: string, tb: number, ib: string): number =>
  ta !== tb ? ta - tb : compareCodePoints(ia, ib);
