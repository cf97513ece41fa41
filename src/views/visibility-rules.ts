import type { DeltaRecord, Transaction } from './records.js';

/**
 * The visibility rules of docs/design.md §1, as pure functions of the inputs
 * they read, shared by the live graph (counters) and as-of views (from
 * scratch), so both give the same answer:
 * - a delta is visible iff it is not on a negation cycle, no visible delta
 *   negates it, and every transaction it belongs to is complete;
 * - a transaction `(creator, id)` is complete when the largest size its
 *   creator declares in a declaration no visible delta negates is known and
 *   that many of the creator's deltas carry its `deltas` pointer.
 */

/** What a visibility decision reads: negators and, through transactions, the negators of size declarations. */
export type NegatorsOf = (id: string) => readonly DeltaRecord[];

/**
 * The records whose visibility `record`'s visibility reads: its negators and
 * the negators of every size declaration of its transactions. A record that
 * reaches itself through these is on a negation cycle.
 */
export function* dependencies(record: DeltaRecord, negatorsOf: NegatorsOf): Generator<DeltaRecord> {
  yield* negatorsOf(record.id);
  for (const tx of record.transactions) {
    for (const { record: declaration } of tx.declarations) yield* negatorsOf(declaration.id);
  }
}

/** The size that counts, given which declarations are negated; undefined while none counts. */
export const countedSize = (
  tx: Transaction,
  counts: (declaration: DeltaRecord) => boolean,
): number | undefined => {
  let size: number | undefined;
  for (const { record, size: declared } of tx.declarations) {
    if (counts(record) && (size === undefined || declared > size)) size = declared;
  }
  return size;
};

/** Whether `present` members make a transaction with this counted size complete. */
export const isComplete = (size: number | undefined, present: number): boolean =>
  size !== undefined && present >= size;
