import type { Delta } from '../delta/delta.js';
import { isEntityRef, NEGATES } from '../delta/delta.js';
import type { EntityModel } from '../model/model.js';

/**
 * The deltas `delete<Type>` must negate (DESIGN.md §4): every visible delta in
 * the entity's closure that makes it a member of the type or contributes to
 * one of the type's declared properties.
 */
export function removalDeltas(type: EntityModel, entityId: string, closure: readonly Delta[]): Delta[] {
  const declared = new Set(type.properties.map((p) => p.name));
  const negationsOf = new Map<string, Delta[]>();
  for (const delta of closure) {
    for (const pointer of delta.pointers) {
      if (pointer.localContext !== NEGATES || !isEntityRef(pointer.target)) continue;
      const list = negationsOf.get(pointer.target.id) ?? [];
      list.push(delta);
      negationsOf.set(pointer.target.id, list);
    }
  }
  // A delta is visible when none of its negations is; `visiting` guards against crafted cycles.
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();
  const visible = (delta: Delta): boolean => {
    const known = memo.get(delta.id);
    if (known !== undefined) return known;
    if (visiting.has(delta.id)) return true;
    visiting.add(delta.id);
    const result = !(negationsOf.get(delta.id) ?? []).some(visible);
    visiting.delete(delta.id);
    memo.set(delta.id, result);
    return result;
  };
  return closure.filter(
    (delta) =>
      delta.pointers.some(
        (p) =>
          isEntityRef(p.target) &&
          p.target.id === entityId &&
          (p.localContext === type.collection ||
            (p.targetContext !== undefined && declared.has(p.targetContext))),
      ) && visible(delta),
  );
}
