import type { Delta, Pointer, Target } from './delta.js';

const targetsEqual = (a: Target, b: Target): boolean => {
  if (typeof a === 'object' && a !== null) return typeof b === 'object' && b !== null && a.id === b.id;
  return a === b;
};

const pointersEqual = (a: Pointer, b: Pointer): boolean =>
  a.localContext === b.localContext &&
  // An absent targetContext and one set to undefined are the same content.
  (a.targetContext ?? null) === (b.targetContext ?? null) &&
  targetsEqual(a.target, b.target);

/**
 * Content equality, ignoring object key order, for idempotent re-submits
 * (DESIGN.md §1). Pointer order counts: it is part of what was stored.
 */
export const deltasEqual = (a: Delta, b: Delta): boolean =>
  a.id === b.id &&
  a.creator === b.creator &&
  a.host === b.host &&
  a.timeCreated === b.timeCreated &&
  a.pointers.length === b.pointers.length &&
  a.pointers.every((pointer, i) => {
    const other = b.pointers[i];
    return other !== undefined && pointersEqual(pointer, other);
  });
