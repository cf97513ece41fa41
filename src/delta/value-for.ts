import type { Delta, Pointer, Target } from './delta.js';
import { TRANSACTION, TRANSACTION_SIZE } from './delta.js';

/** One property of one entity that a delta speaks about (DESIGN.md §1, Reading a property). */
export interface Contribution {
  readonly entityId: string;
  readonly property: string;
  /** Index of the pointer that references the entity with `targetContext` = property. */
  readonly pointer: number;
  /** The value given, or `undefined` when the delta contributes no value (it still counts as contributing). */
  readonly value: Target | undefined;
}

const declaresSize = (pointers: readonly Pointer[]): boolean =>
  pointers.some((p) => p.localContext === TRANSACTION && p.targetContext === TRANSACTION_SIZE);

/**
 * The value rule, given the referencing pointer `ref`. The referencing pointer
 * itself is never the value (else a symmetric relation, where both pointers
 * carry the property's name, would make an entity its own friend), and system
 * pointers (`_negates`, `_transaction` and a size declaration's `size`) are not
 * "other" pointers, so wrapping a delta in a transaction keeps its values.
 */
const valueAt = (pointers: readonly Pointer[], ref: number, property: string): Target | undefined => {
  let other: Pointer | undefined;
  let others = 0;
  let sizeDeclared: boolean | undefined;
  for (let i = 0; i < pointers.length; i++) {
    const pointer = pointers[i];
    if (i === ref || pointer === undefined) continue;
    if (pointer.localContext === property) return pointer.target;
    if (pointer.localContext.startsWith('_')) continue;
    if (pointer.localContext === TRANSACTION_SIZE) {
      sizeDeclared ??= declaresSize(pointers);
      if (sizeDeclared) continue;
    }
    other = pointer;
    others++;
  }
  return others === 1 ? other?.target : undefined;
};

const references = (pointer: Pointer, entityId: string, property: string): boolean =>
  pointer.targetContext === property &&
  typeof pointer.target === 'object' &&
  pointer.target !== null &&
  pointer.target.id === entityId;

/** Whether the delta contributes to `property` of `entityId` (with or without a value). */
export const contributesTo = (delta: Delta, entityId: string, property: string): boolean =>
  delta.pointers.some((p) => references(p, entityId, property));

/**
 * The value `delta` gives to `property` of `entityId`: the target of its pointer
 * whose localContext equals the property; if none, the target of its only other
 * pointer. `undefined` when it contributes no value (or does not contribute).
 * Note that `null` is a value.
 */
export const valueFor = (delta: Delta, entityId: string, property: string): Target | undefined => {
  const ref = delta.pointers.findIndex((p) => references(p, entityId, property));
  return ref < 0 ? undefined : valueAt(delta.pointers, ref, property);
};

/** Every (entity, property) a delta speaks about, system pointers excluded, in pointer order. */
export const contributions = (delta: Delta): Contribution[] => {
  const found: Contribution[] = [];
  delta.pointers.forEach((pointer, index) => {
    const { target, targetContext } = pointer;
    if (targetContext === undefined || typeof target !== 'object' || target === null) return;
    if (pointer.localContext.startsWith('_')) return;
    // A delta naming the same entity and property twice contributes once, through the first pointer.
    if (found.some((c) => c.entityId === target.id && c.property === targetContext)) return;
    found.push({
      entityId: target.id,
      property: targetContext,
      pointer: index,
      value: valueAt(delta.pointers, index, targetContext),
    });
  });
  return found;
};
