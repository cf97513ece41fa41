import type { DeltaRecord, Transaction } from './records.js';
import { strongComponents } from './strong-components.js';
import { countedSize, dependencies, isComplete, type NegatorsOf } from './visibility-rules.js';

/** Per-query memo for visibility as of a time. */
export interface AsOfMemo {
  /** `Infinity` when only a trust filter narrows the view. */
  readonly asOf: number;
  /** Besides the time bound, which deltas exist for this view (a trust filter). */
  readonly admits?: (record: DeltaRecord) => boolean;
  readonly deltas: Map<DeltaRecord, boolean>;
  readonly transactions: Map<Transaction, boolean>;
}

/**
 * Visibility from scratch over the deltas with timeCreated ≤ asOf (and that
 * the memo admits, e.g. trusted ones), by the
 * same rules as the live graph: the records a decision reads are decided
 * first, component by component, and a component that reads itself (a
 * negation cycle among the deltas that exist as of then) is invisible.
 */
export const createVisibleAsOf = (negatorsOf: NegatorsOf) => {
  const visibleAsOf = (record: DeltaRecord, memo: AsOfMemo): boolean => {
    const admits = memo.admits;
    if (record.t > memo.asOf || (admits !== undefined && !admits(record))) return false;
    // Most deltas are neither negated nor in a transaction: nothing to decide, no search to run
    // (and no closures to allocate, which is most of the cost of a read of many deltas).
    if (record.transactions.length === 0 && negatorsOf(record.id).length === 0) return true;
    const known = memo.deltas.get(record);
    if (known !== undefined) return known;
    const present = (node: DeltaRecord) => node.t <= memo.asOf && (admits === undefined || admits(node));
    const decided = (node: DeltaRecord) => !present(node) || memo.deltas.has(node);
    const negated = (node: DeltaRecord) =>
      negatorsOf(node.id).some((negator) => present(negator) && memo.deltas.get(negator) === true);
    const complete = (tx: Transaction): boolean => {
      let answer = memo.transactions.get(tx);
      if (answer === undefined) {
        let members = 0;
        for (const member of tx.members.values()) if (present(member)) members++;
        const size = countedSize(tx, (declaration) => present(declaration) && !negated(declaration));
        answer = isComplete(size, members);
        memo.transactions.set(tx, answer);
      }
      return answer;
    };
    strongComponents(
      [record],
      (node) => dependencies(node, negatorsOf),
      decided,
      (component, cyclic) => {
        for (const node of component) {
          memo.deltas.set(node, !cyclic && !negated(node) && node.transactions.every(complete));
        }
      },
    );
    return memo.deltas.get(record) === true;
  };
  return visibleAsOf;
};
