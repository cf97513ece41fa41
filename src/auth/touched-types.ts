import { type Delta, isEntityRef } from '../delta/delta.js';
import { isSystemContext } from '../delta/system-context.js';
import type { EntityModel, Model } from '../model/model.js';

/**
 * The types whose rules govern a delta (docs/design.md §6), pointer by
 * pointer: a pointer whose `localContext` is a type's collection makes its
 * target a member of that type; a pointer whose `targetContext` names a
 * property some type declares contributes to that property of every such
 * type. The second is decided by the declaration alone, not by the target's
 * current membership: a type is a lens (by id, any entity with such a delta
 * shows through it), and a rule that depended on membership could be
 * sidestepped by writing the property before the entity joins.
 */
export function createTouchedTypes(model: Model) {
  const byCollection = new Map<string, EntityModel[]>();
  const byProperty = new Map<string, EntityModel[]>();
  const add = (index: Map<string, EntityModel[]>, key: string, type: EntityModel) =>
    index.set(key, [...(index.get(key) ?? []), type]);
  for (const type of model.entities) {
    add(byCollection, type.collection, type);
    for (const property of type.properties) add(byProperty, property.name, type);
  }

  /** Every type the delta touches; empty when it touches none (system pointers touch none). */
  return (delta: Delta): Set<EntityModel> => {
    const touched = new Set<EntityModel>();
    for (const pointer of delta.pointers) {
      if (!isEntityRef(pointer.target) || isSystemContext(pointer.localContext)) continue;
      for (const type of byCollection.get(pointer.localContext) ?? []) touched.add(type);
      if (pointer.targetContext === undefined) continue;
      for (const type of byProperty.get(pointer.targetContext) ?? []) touched.add(type);
    }
    return touched;
  };
}

export type TouchedTypes = ReturnType<typeof createTouchedTypes>;
