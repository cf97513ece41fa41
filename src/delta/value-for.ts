import type { Delta, Pointer, Target } from './delta.js';
import { isEntityRef, TRANSACTION, TRANSACTION_SIZE } from './delta.js';
import { isSystemContext } from './system-context.js';

const declaresSize = (pointers: readonly Pointer[]): boolean => {
  for (const pointer of pointers) {
    if (pointer.localContext === TRANSACTION && pointer.targetContext === TRANSACTION_SIZE) return true;
  }
  return false;
};

/**
 * The value rule of docs/design.md §1 for the referencing pointer at `ref`:
 * the target of the pointer whose localContext equals `property`; if none, the
 * target of the only other pointer; else `undefined` (no value; note that
 * `null` is a value). The referencing pointer itself is never the value (else a
 * symmetric relation, where both pointers carry the property's name, would make
 * an entity its own friend), and system pointers (`_negates`, `_transaction`
 * and a size declaration's `size`) are not "other" pointers, so wrapping a
 * delta in a transaction keeps its values. Allocates nothing: the view cache
 * runs it for every delta it folds.
 */
export const valueAt = (delta: Delta, ref: number, property: string): Target | undefined => {
  const pointers = delta.pointers;
  let other: Pointer | undefined;
  let others = 0;
  for (let i = 0; i < pointers.length; i++) {
    if (i === ref) continue;
    const pointer = pointers[i] as Pointer;
    const context = pointer.localContext;
    if (context === property) return pointer.target;
    if (isSystemContext(context)) continue;
    if (context === TRANSACTION_SIZE && declaresSize(pointers)) continue;
    other = pointer;
    others++;
  }
  return others === 1 ? other?.target : undefined;
};

/**
 * The value `delta` gives to `property` of `entityId`, through its first
 * pointer that references the entity with that targetContext; `undefined`
 * when it gives none or does not speak about it.
 */
export const valueFor = (delta: Delta, entityId: string, property: string): Target | undefined => {
  const ref = delta.pointers.findIndex(
    (p) => p.targetContext === property && isEntityRef(p.target) && p.target.id === entityId,
  );
  return ref < 0 ? undefined : valueAt(delta, ref, property);
};
