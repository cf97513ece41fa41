import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import type { EntityModel } from '../model/model.js';

/**
 * The deltas `delete<Type>` must negate (docs/design.md §4): of the visible deltas
 * referencing the entity, those that make it a member of the type or
 * contribute to one of the type's declared properties.
 */
export function removalDeltas(type: EntityModel, entityId: string, visible: readonly Delta[]): Delta[] {
  const declared = new Set(type.properties.map((p) => p.name));
  return visible.filter((delta) =>
    delta.pointers.some(
      (p) =>
        isEntityRef(p.target) &&
        p.target.id === entityId &&
        (p.localContext === type.collection ||
          (p.targetContext !== undefined && declared.has(p.targetContext))),
    ),
  );
}
