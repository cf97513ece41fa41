import type { Delta, Pointer, Target } from '../../src/delta/delta.js';
import { compileModel } from '../../src/model/compile-model.js';
import type { PropertyDeclaration } from '../../src/model/declaration.js';
import type { EntityModel } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import type { LossyView, ViewOptions } from '../../src/views/views.js';

/** Terse delta builders for view tests: explicit ids and times keep tie-breaks visible. */

export const delta = (id: string, t: number, pointers: Pointer[]): Delta => ({
  id,
  creator: 'test',
  host: 'test',
  timeCreated: t,
  pointers,
});

/** `{ person → entity (targetContext property), property: value }` */
export const set = (id: string, t: number, entity: string, property: string, value: Target): Delta =>
  delta(id, t, [
    { localContext: 'person', target: { id: entity }, targetContext: property },
    { localContext: property, target: value },
  ]);

export const negate = (id: string, t: number, target: string): Delta =>
  delta(id, t, [{ localContext: '_negates', target: { id: target }, targetContext: 'negated_by' }]);

export const txMember = (tx: string): Pointer => ({
  localContext: '_transaction',
  target: { id: tx },
  targetContext: 'deltas',
});

export const txSize = (id: string, t: number, tx: string, size: number): Delta =>
  delta(id, t, [
    { localContext: '_transaction', target: { id: tx }, targetContext: 'size' },
    { localContext: 'size', target: size },
  ]);

/** `{ ...set pointers, _transaction → tx }` */
export const inTx = (tx: string, d: Delta): Delta => ({ ...d, pointers: [txMember(tx), ...d.pointers] });

/** One-entity type `T` (collection `person`) with the given properties. */
export const typeWith = (properties: Record<string, PropertyDeclaration>, name = 'T'): EntityModel => {
  const model = compileModel([{ file: 'test.ts', declarations: { name, collection: 'person', properties } }]);
  return model.entity(name) as EntityModel;
};

/** Loads `deltas` for `entity` into a fresh cache and resolves it as `type`. */
export const lossyOf = (
  type: EntityModel,
  deltas: readonly Delta[],
  entity = 'p1',
  options?: ViewOptions,
): LossyView | null => {
  const cache = createViewCache();
  cache.load(entity, deltas);
  return cache.lossy(entity, type, options);
};

/** The value of one property after loading `deltas`. */
export const resolve = (property: PropertyDeclaration, deltas: readonly Delta[]): unknown =>
  lossyOf(typeWith({ p: property }), deltas)?.p;
