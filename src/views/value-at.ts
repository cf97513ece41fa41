import type { Delta, Pointer, Target } from '../delta/delta.js';
import { TRANSACTION, TRANSACTION_SIZE } from '../delta/delta.js';

const UNDERSCORE = 95;

/**
 * The value rule of DESIGN.md §1 for the referencing pointer at `ref`: the
 * same answer as `valueFor` in `src/delta/value-for.ts` (a property test
 * holds them equal), but given the pointer index and allocating nothing,
 * because the view cache runs it for every delta it folds.
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
    if (context.charCodeAt(0) === UNDERSCORE) continue;
    // A size declaration's `size` pointer is not a value for anything else.
    if (context === TRANSACTION_SIZE && declaresSize(pointers)) continue;
    other = pointer;
    others++;
  }
  return others === 1 ? other?.target : undefined;
};

const declaresSize = (pointers: readonly Pointer[]): boolean => {
  for (const pointer of pointers) {
    if (pointer.localContext === TRANSACTION && pointer.targetContext === TRANSACTION_SIZE) return true;
  }
  return false;
};
