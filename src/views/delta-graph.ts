import {
  type Delta,
  isEntityRef,
  NEGATES,
  TRANSACTION,
  TRANSACTION_DELTAS,
  TRANSACTION_SIZE,
} from '../delta/delta.js';
import { valueAt } from '../delta/value-for.js';
import { createRecord, type DeltaRecord, type Transaction } from './records.js';
import { strongComponents } from './strong-components.js';
import { countedSize, dependencies, isComplete } from './visibility-rules.js';
import { type AsOfMemo, createVisibleAsOf } from './visible-as-of.js';

export type { AsOfMemo } from './visible-as-of.js';

export interface DeltaGraph {
  readonly records: ReadonlyMap<string, DeltaRecord>;
  /**
   * Registers a delta's negations and transaction memberships. Its visibility
   * may flip already (when it completes its own transaction); call `refresh`
   * after attaching it to entities. A plain (not `system`) delta's visibility
   * is decided here, so attaching it feeds the folds directly and `refresh`
   * has nothing left to do.
   */
  admit(delta: Delta, system: boolean): DeltaRecord;
  /** Recomputes one record's visibility and propagates a change. */
  refresh(record: DeltaRecord): void;
  /**
   * Drops the records an eviction left attached to no loaded entity: plain
   * ones, and then the negations that only negated dropped records (so a
   * deleted entity's negations leave memory with it). Negations of deltas the
   * cache never held stay, since their targets may still arrive, and so do
   * transaction members and size declarations.
   */
  release(orphans: readonly DeltaRecord[]): void;
  /** The held deltas that negate this delta id (visible or not). */
  negatorsOf(id: string): readonly DeltaRecord[];
  /** Visibility from scratch counting only deltas with timeCreated ≤ asOf. */
  visibleAsOf(record: DeltaRecord, memo: AsOfMemo): boolean;
}

const NO_RECORDS: readonly DeltaRecord[] = [];

/**
 * Negation and transaction visibility (see visibility-rules.ts), kept current
 * one delta at a time: counters make a change O(affected deltas). Records on a
 * negation cycle are marked `cyclic` when the delta closing the cycle arrives,
 * before anything propagates; what remains is acyclic, so the counters settle
 * on the one answer the set of deltas gives, whatever the order of arrival.
 */
export const createDeltaGraph = (onFlip: (record: DeltaRecord) => void): DeltaGraph => {
  const records = new Map<string, DeltaRecord>();
  const negators = new Map<string, DeltaRecord[]>();
  // Per creator, per transaction id: another creator's pieces cannot touch a transaction.
  const transactions = new Map<string, Map<string, Transaction>>();
  const negatorsOf = (id: string): readonly DeltaRecord[] => negators.get(id) ?? NO_RECORDS;

  const refresh = (record: DeltaRecord): void => {
    if (record.flipping) return;
    let visible = !record.cyclic && record.visibleNegators === 0;
    for (const tx of record.transactions) visible &&= tx.complete;
    if (visible === record.visible) return;
    record.visible = visible;
    record.flipping = true;
    onFlip(record);
    for (const id of record.negates) {
      const target = records.get(id);
      if (!target) continue;
      const wasNegated = target.visibleNegators > 0;
      target.visibleNegators += visible ? 1 : -1;
      if (wasNegated !== target.visibleNegators > 0) for (const tx of target.declares) settle(tx);
      refresh(target);
    }
    record.flipping = false;
  };

  const settle = (tx: Transaction): void => {
    const complete = isComplete(
      countedSize(tx, (declaration) => declaration.visibleNegators === 0),
      tx.members.size,
    );
    if (complete === tx.complete) return;
    tx.complete = complete;
    for (const member of tx.members.values()) refresh(member);
  };

  const transaction = (creator: string, id: string): Transaction => {
    let ofCreator = transactions.get(creator);
    if (!ofCreator) {
      ofCreator = new Map();
      transactions.set(creator, ofCreator);
    }
    let tx = ofCreator.get(id);
    if (!tx) {
      tx = { creator, id, declarations: [], members: new Map(), complete: false };
      ofCreator.set(id, tx);
    }
    return tx;
  };

  /** Marks the records on negation cycles through the new record (or the members its declarations size). */
  const markCycles = (record: DeltaRecord): DeltaRecord[] => {
    // A cycle needs a dependency: most deltas have none and skip the search.
    const roots: DeltaRecord[] = [];
    if (!dependencies(record, negatorsOf).next().done) roots.push(record);
    if (negatorsOf(record.id).length > 0) {
      for (const tx of record.declares) roots.push(...tx.members.values());
    }
    const marked: DeltaRecord[] = [];
    if (roots.length === 0) return marked;
    strongComponents(
      roots,
      (node) => dependencies(node, negatorsOf),
      () => false,
      (component, cyclic) => {
        if (!cyclic) return;
        for (const member of component) {
          if (member.cyclic) continue;
          member.cyclic = true;
          marked.push(member);
        }
      },
    );
    return marked;
  };

  const link = (record: DeltaRecord, delta: Delta): Set<Transaction> => {
    const touched = new Set<Transaction>();
    const pointers = delta.pointers;
    for (let i = 0; i < pointers.length; i++) {
      const { target, localContext, targetContext } = pointers[i] as Delta['pointers'][number];
      if (!isEntityRef(target)) continue;
      if (localContext === NEGATES && target.id !== record.id && !record.negates.includes(target.id)) {
        record.negates.push(target.id);
        const list = negators.get(target.id);
        if (list) list.push(record);
        else negators.set(target.id, [record]);
      } else if (localContext === TRANSACTION && targetContext === TRANSACTION_DELTAS) {
        const tx = transaction(delta.creator, target.id);
        if (tx.members.has(record.id)) continue;
        tx.members.set(record.id, record);
        record.transactions.push(tx);
        touched.add(tx);
      } else if (localContext === TRANSACTION && targetContext === TRANSACTION_SIZE) {
        const size = valueAt(delta, i, TRANSACTION_SIZE);
        if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) continue;
        const tx = transaction(delta.creator, target.id);
        if (record.declares.includes(tx)) continue;
        tx.declarations.push({ record, size });
        record.declares.push(tx);
        touched.add(tx);
      }
    }
    return touched;
  };

  const admit = (delta: Delta, system: boolean): DeltaRecord => {
    const record = createRecord(delta, system);
    records.set(record.id, record);
    // Most feeds hold no negation at all: skip the lookup then.
    if (negators.size > 0) {
      for (const negator of negatorsOf(record.id)) if (negator.visible) record.visibleNegators++;
    }
    if (!system) {
      // A plain delta negates nothing and joins no transaction, so it is on no cycle and only its
      // negators decide: decided here, before it has slots, so nothing needs to flip.
      record.visible = record.visibleNegators === 0;
      return record;
    }
    const touched = link(record, delta);
    const marked = markCycles(record);
    for (const tx of touched) settle(tx);
    for (const member of marked) refresh(member);
    return record;
  };

  const unlinkNegator = (targetId: string, negator: DeltaRecord): void => {
    const list = negators.get(targetId);
    if (!list) return;
    const kept = list.filter((record) => record !== negator);
    if (kept.length > 0) negators.set(targetId, kept);
    else negators.delete(targetId);
  };

  const release = (orphans: readonly DeltaRecord[]): void => {
    const gone = new Set<string>();
    const candidates: DeltaRecord[] = [];
    const drop = (record: DeltaRecord): void => {
      records.delete(record.id);
      gone.add(record.id);
      candidates.push(...negatorsOf(record.id));
    };
    for (const orphan of orphans) {
      if (orphan.system) candidates.push(orphan);
      else drop(orphan);
    }
    for (let record = candidates.pop(); record; record = candidates.pop()) {
      const droppable =
        records.get(record.id) === record &&
        record.slots === undefined &&
        record.transactions.length === 0 &&
        record.declares.length === 0 &&
        record.negates.length > 0 &&
        record.negates.every((id) => gone.has(id));
      if (!droppable) continue;
      for (const id of record.negates) unlinkNegator(id, record);
      drop(record);
    }
  };

  return {
    records,
    admit,
    refresh,
    release,
    negatorsOf,
    visibleAsOf: createVisibleAsOf(negatorsOf),
  };
};
