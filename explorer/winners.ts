/**
 * Which deltas decide a property's resolved value, for the history page. The
 * server resolves the value; this only explains it, from the resolver named
 * in /explorer/model.json and the visible deltas of `_lossless`, with the
 * core's own ordering rule. (`_resolution(property)` will name the winner
 * directly once it exists; this module is then the one to replace.)
 */
import { compareTimeId } from '../src/views/order.js';

export type Mark =
  /** Its value is the resolved value (lastWriteWins, firstWriteWins, min, max, majority). */
  | 'winner'
  /** Folded into the value with the others (sum, average, count, concatenate, union, custom). */
  | 'counted'
  /** Visible, but another delta's value won. */
  | 'outranked';

export interface Candidate {
  readonly id: string;
  readonly timeCreated: number;
  /** What the delta gives the property (a primitive, `{ id }` or `{ json }`); undefined when nothing. */
  readonly value: unknown;
}

/** One comparable text per value: references by id, JSON by its text, so `{ id }` and `"id"` differ. */
export const valueKey = (value: unknown): string => {
  if (value !== null && typeof value === 'object') {
    if ('id' in value && Object.keys(value).length === 1)
      return `ref:${String((value as { id: unknown }).id)}`;
    if ('json' in value && Object.keys(value).length === 1) return `json:${JSON.stringify(value.json)}`;
    return `json:${JSON.stringify(value)}`;
  }
  return `value:${JSON.stringify(value)}`;
};

const PICKS_ONE: Record<string, 1 | -1> = { lastWriteWins: 1, firstWriteWins: -1 };
const PICKS_EQUAL = new Set(['min', 'max', 'majority']);

/**
 * Marks each visible candidate for `resolver`, given the value the server
 * resolved (`resolved`, as GraphQL returned it). Candidates that give no value
 * are left out of the result.
 */
export function markWinners(
  resolver: string,
  candidates: readonly Candidate[],
  resolved: unknown,
): Map<string, Mark> {
  const giving = candidates
    .filter((c) => c.value !== undefined)
    .sort((a, b) => compareTimeId(a.timeCreated, a.id, b.timeCreated, b.id));
  const marks = new Map<string, Mark>();
  const direction = PICKS_ONE[resolver];
  if (direction) {
    const winner = direction > 0 ? giving[giving.length - 1] : giving[0];
    for (const c of giving) marks.set(c.id, c === winner ? 'winner' : 'outranked');
  } else if (PICKS_EQUAL.has(resolver)) {
    const want = resolved === null || resolved === undefined ? undefined : valueKey(resolved);
    for (const c of giving) marks.set(c.id, valueKey(c.value) === want ? 'winner' : 'outranked');
  } else {
    for (const c of giving) marks.set(c.id, 'counted');
  }
  return marks;
}

/** How the page names what a resolver does with the marked deltas. */
export const resolverNote = (resolver: string): string =>
  PICKS_ONE[resolver] || PICKS_EQUAL.has(resolver)
    ? `${resolver}: ★ marks the delta whose value won`
    : `${resolver}: every visible delta counts`;
