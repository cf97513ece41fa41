import {
  type Delta,
  isEntityRef,
  NEGATES,
  TRANSACTION,
  TRANSACTION_DELTAS,
  TRANSACTION_SIZE,
} from '../delta/delta.js';
import { valueFor } from '../delta/value-for.js';
import { createRecord, type DeltaRecord, type Transaction } from './records.js';

/** Per-query memo for visibility as of a time. */
export interface AsOfMemo {
  readonly asOf: number;
  readonly deltas: Map<DeltaRecord, boolean>;
  readonly transactions: Map<Transaction, boolean>;
}

export interface DeltaGraph {
  readonly records: ReadonlyMap<string, DeltaRecord>;
  /**
   * Registers a delta's negations and transaction memberships. Its visibility
   * may flip already (when it completes its own transaction); call `refresh`
   * after attaching it to entities.
   */
  admit(delta: Delta, system: boolean): DeltaRecord;
  /** Recomputes one record's visibility and propagates a change. */
  refresh(record: DeltaRecord): void;
  /** Drops a record that touches no loaded entity and plays no system role. */
  forget(record: DeltaRecord): void;
  /** Visibility from scratch counting only deltas with timeCreated ≤ asOf. */
  visibleAsOf(record: DeltaRecord, memo: AsOfMemo): boolean;
}

/**
 * Negation and transaction visibility (DESIGN.md §1): a delta is visible iff
 * every transaction it belongs to is complete and no visible delta negates it.
 * Counters make every change O(affected deltas). Negation cycles (which only
 * chosen ids can build) have no consistent answer; propagation stops where a
 * cycle closes, so the result is defined but may depend on arrival order.
 */
export const createDeltaGraph = (onFlip: (record: DeltaRecord) => void): DeltaGraph => {
  const records = new Map<string, DeltaRecord>();
  const negatorsOf = new Map<string, DeltaRecord[]>();
  const transactions = new Map<string, Transaction>();

  const refresh = (record: DeltaRecord): void => {
    if (record.flipping) return;
    let visible = record.visibleNegators === 0;
    for (const tx of record.transactions) visible &&= tx.complete;
    if (visible === record.visible) return;
    record.visible = visible;
    record.flipping = true;
    onFlip(record);
    for (const id of record.negates) {
      const target = records.get(id);
      if (!target) continue;
      target.visibleNegators += visible ? 1 : -1;
      refresh(target);
    }
    record.flipping = false;
  };

  const settle = (tx: Transaction): void => {
    let size: number | undefined;
    for (const declared of tx.sizes)
      size = size === undefined ? declared.size : Math.max(size, declared.size);
    tx.size = size;
    const complete = size !== undefined && tx.members.size >= size;
    if (complete === tx.complete) return;
    tx.complete = complete;
    for (const member of tx.members.values()) refresh(member);
  };

  const transaction = (id: string): Transaction => {
    let tx = transactions.get(id);
    if (!tx) {
      tx = { id, sizes: [], size: undefined, members: new Map(), complete: false };
      transactions.set(id, tx);
    }
    return tx;
  };

  const admit = (delta: Delta, system: boolean): DeltaRecord => {
    const record = createRecord(delta, system);
    records.set(record.id, record);
    const negators = negatorsOf.get(record.id);
    if (negators) for (const negator of negators) if (negator.visible) record.visibleNegators++;
    if (!system) return record;
    const touched = new Set<Transaction>();
    for (const pointer of delta.pointers) {
      const { target, localContext, targetContext } = pointer;
      if (!isEntityRef(target)) continue;
      if (localContext === NEGATES && target.id !== record.id && !record.negates.includes(target.id)) {
        record.negates.push(target.id);
        const list = negatorsOf.get(target.id);
        if (list) list.push(record);
        else negatorsOf.set(target.id, [record]);
      } else if (localContext === TRANSACTION && targetContext === TRANSACTION_DELTAS) {
        const tx = transaction(target.id);
        if (!tx.members.has(record.id)) tx.members.set(record.id, record);
        if (!record.transactions.includes(tx)) record.transactions.push(tx);
        touched.add(tx);
      } else if (localContext === TRANSACTION && targetContext === TRANSACTION_SIZE) {
        const size = valueFor(delta, target.id, TRANSACTION_SIZE);
        if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) continue;
        const tx = transaction(target.id);
        tx.sizes.push({ t: record.t, size });
        touched.add(tx);
      }
    }
    for (const tx of touched) settle(tx);
    return record;
  };

  const completeAsOf = (tx: Transaction, memo: AsOfMemo): boolean => {
    const known = memo.transactions.get(tx);
    if (known !== undefined) return known;
    let size = 0;
    for (const declared of tx.sizes) if (declared.t <= memo.asOf) size = Math.max(size, declared.size);
    let present = 0;
    for (const member of tx.members.values()) if (member.t <= memo.asOf) present++;
    const complete = size > 0 && present >= size;
    memo.transactions.set(tx, complete);
    return complete;
  };

  const visibleAsOf = (record: DeltaRecord, memo: AsOfMemo): boolean => {
    if (record.t > memo.asOf) return false;
    const known = memo.deltas.get(record);
    if (known !== undefined) return known;
    // Provisionally visible, so a negation cycle ends here instead of recursing.
    memo.deltas.set(record, true);
    let visible = record.transactions.every((tx) => completeAsOf(tx, memo));
    if (visible) {
      for (const negator of negatorsOf.get(record.id) ?? []) {
        if (visibleAsOf(negator, memo)) {
          visible = false;
          break;
        }
      }
    }
    memo.deltas.set(record, visible);
    return visible;
  };

  return {
    records,
    admit,
    refresh,
    forget: (record) => {
      records.delete(record.id);
    },
    visibleAsOf,
  };
};
