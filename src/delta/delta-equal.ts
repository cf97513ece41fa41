import { type Delta, isEntityRef, isJsonTarget, type Pointer, type Target } from './delta.js';
import { canonicalJson } from './json-value.js';

const targetsEqual = (a: Target, b: Target): boolean => {
  if (isEntityRef(a)) return isEntityRef(b) && a.id === b.id;
  if (isJsonTarget(a)) return isJsonTarget(b) && canonicalJson(a.json) === canonicalJson(b.json);
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
