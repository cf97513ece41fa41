/** Where each delta stands in the view at the slider's time. */
import type { HistoryDelta } from './history.js';
import type { Mark } from './winners.js';

export type Status =
  | Mark
  /** Retracted by a negation at or before the time: shown struck through. */
  | 'negated'
  /** Created after the time: not yet part of the view. */
  | 'future'
  /** Not visible for another reason (its transaction is not complete yet). */
  | 'hidden';

export function deltaStatus(
  delta: HistoryDelta,
  visible: ReadonlySet<string>,
  marks: ReadonlyMap<string, Mark>,
  asOf: number | undefined,
): Status {
  if (asOf !== undefined && delta.time > asOf) return 'future';
  if (visible.has(delta.id)) return marks.get(delta.id) ?? 'counted';
  if (delta.negatedBy.some((n) => asOf === undefined || n.time <= asOf)) return 'negated';
  return 'hidden';
}

/** The times the slider steps through: each delta's, and each negation's, in order, once. */
export function timesOf(deltas: readonly HistoryDelta[]): number[] {
  const times = new Set<number>();
  for (const delta of deltas) {
    times.add(delta.time);
    for (const negation of delta.negatedBy) times.add(negation.time);
  }
  return [...times].sort((a, b) => a - b);
}
