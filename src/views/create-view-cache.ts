import { type Delta, isEntityRef } from '../delta/delta.js';
import { isSystemContext } from '../delta/system-context.js';
import { valueAt } from '../delta/value-for.js';
import { RhizomeError } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import { createChanges } from './changes.js';
import { type AsOfMemo, createDeltaGraph } from './delta-graph.js';
import { attachSlot, detachAll, isAttached, reflect } from './entity-state.js';
import { resolveLossless } from './lossless-view.js';
import { live, resolveLossy, type Visible } from './lossy-view.js';
import { createEntityState, type DeltaRecord, type EntityState } from './records.js';
import { explainResolution } from './resolution.js';
import { narrows, trusts } from './trust-filter.js';
import type { LosslessView, LossyView, ViewCache, ViewOptions } from './views.js';

/** Without asOf or a narrowing trust filter, views use the live, incrementally kept visibility. */
const isLive = (options: ViewOptions | undefined): boolean =>
  options?.asOf === undefined && !narrows(options?.trust);

/**
 * An in-memory cache of entity views, kept current one delta at a time
 * (docs/design.md §2, §5.4). Absorbing a delta costs O(pointers) plus O(1)
 * per built-in resolver fold it feeds; a delta that stops being visible makes
 * its properties refold on the next read. Views depend only on the set of
 * deltas, never on the order they arrived in.
 *
 * @example
 * const cache = createViewCache();
 * cache.load('person:ada', deltas); // the entity's closure, see closureIds
 * cache.apply(newDelta);            // → ['person:ada'] when it touched her
 * cache.lossy('person:ada', model.entity('Person')!);
 */
export const createViewCache = (): ViewCache => {
  const entities = new Map<string, EntityState>();
  // Collects the entities changed during one call; apply returns them.
  const changes = createChanges();
  const graph = createDeltaGraph((record) => reflect(record, changes));

  /**
   * Admits a delta not seen before if it plays a system role or touches a
   * loaded entity. A plain delta is the hot path (docs/design.md §5.4): one
   * pass over its pointers, a record only once one references a loaded
   * entity, and its folds fed as it attaches (its visibility is known then).
   */
  const admit = (delta: Delta): void => {
    const pointers = delta.pointers;
    for (let i = 0; i < pointers.length; i++) {
      if (isSystemContext((pointers[i] as Delta['pointers'][number]).localContext)) {
        const record = graph.admit(delta, true);
        attachTo(record, undefined);
        graph.refresh(record);
        return;
      }
    }
    let record: DeltaRecord | undefined;
    for (let i = 0; i < pointers.length; i++) {
      const pointer = pointers[i] as Delta['pointers'][number];
      const target = pointer.target;
      if (!isEntityRef(target)) continue;
      const entity = entities.get(target.id);
      if (entity === undefined) continue;
      record ??= graph.admit(delta, false);
      attachPointer(record, entity, i);
    }
  };

  /** Attaches the pointer at `index` of a record's delta, which references `entity`. */
  const attachPointer = (record: DeltaRecord, entity: EntityState, index: number): void => {
    const pointer = record.delta.pointers[index] as Delta['pointers'][number];
    const property = pointer.targetContext;
    const value = property === undefined ? undefined : valueAt(record.delta, index, property);
    attachSlot(entity, record, pointer.localContext, property, value, changes);
  };

  /**
   * Attaches a record to the loaded entities it references, or only to
   * `only`: a slot per non-system pointer that references one.
   */
  const attachTo = (record: DeltaRecord, only: EntityState | undefined): void => {
    const delta = record.delta;
    const pointers = delta.pointers;
    for (let i = 0; i < pointers.length; i++) {
      const pointer = pointers[i] as Delta['pointers'][number];
      const target = pointer.target;
      if (!isEntityRef(target) || isSystemContext(pointer.localContext)) continue;
      const entity = only === undefined ? entities.get(target.id) : only.id === target.id ? only : undefined;
      if (entity !== undefined) attachPointer(record, entity, i);
    }
  };

  const loaded = (entityId: string): EntityState => {
    const entity = entities.get(entityId);
    if (entity) return entity;
    throw new RhizomeError('INTERNAL_SERVER_ERROR', `entity "${entityId}" is not loaded in the view cache`);
  };

  const visibility = (options: ViewOptions | undefined): Visible => {
    if (isLive(options)) return live;
    const trust = options?.trust;
    const memo: AsOfMemo = {
      asOf: options?.asOf ?? Number.POSITIVE_INFINITY,
      ...(narrows(trust) && { admits: (record: DeltaRecord) => trusts(trust, record.delta) }),
      deltas: new Map(),
      transactions: new Map(),
    };
    return (record) => graph.visibleAsOf(record, memo);
  };

  return {
    load(entityId, deltas) {
      let entity = entities.get(entityId);
      if (!entity) {
        entity = createEntityState(entityId);
        entities.set(entityId, entity);
      }
      changes.begin();
      for (const delta of deltas) {
        const known = graph.records.get(delta.id);
        if (known) {
          if (!isAttached(known, entity)) attachTo(known, entity);
        } else admit(delta);
      }
      changes.end();
    },
    isLoaded: (entityId) => entities.has(entityId),
    apply(delta) {
      if (graph.records.has(delta.id)) return [];
      changes.begin();
      admit(delta);
      return changes.end();
    },
    lossless: (entityId: string, options?: ViewOptions): LosslessView =>
      resolveLossless(loaded(entityId), visibility(options)),
    visibleReferencing(entityId) {
      const found = new Set<Delta>();
      for (const members of loaded(entityId).collections.values()) {
        for (const slot of members.slots) if (slot.record.visible) found.add(slot.record.delta);
      }
      return [...found];
    },
    isMember(entityId, collection, options) {
      const members = loaded(entityId).collections.get(collection);
      if (!members) return false;
      if (isLive(options)) return members.visible > 0;
      const visible = visibility(options);
      return members.slots.some((slot) => visible(slot.record));
    },
    lossy(entityId: string, type: EntityModel, options?: ViewOptions): LossyView | null {
      const entity = loaded(entityId);
      if (!isLive(options)) return resolveLossy(entity, type, visibility(options));
      const cached = entity.lossyCache.get(type);
      if (cached && cached.version === entity.version) return cached.view;
      const view = resolveLossy(entity, type);
      entity.lossyCache.set(type, { version: entity.version, view });
      return view;
    },
    resolution(entityId, type, name, options) {
      const entity = loaded(entityId);
      const property = type.properties.find((candidate) => candidate.name === name);
      if (!property) throw new RhizomeError('BAD_USER_INPUT', `${type.name} has no property "${name}".`);
      const visible = visibility(options);
      const view = resolveLossy(entity, type, visible);
      return explainResolution({
        entity,
        property,
        value: view?.[name] ?? (property.type.list ? [] : null),
        visible,
        negatorsOf: graph.negatorsOf,
        ...(options?.asOf !== undefined && { asOf: options.asOf }),
        ...(narrows(options?.trust) && { trust: options.trust }),
      });
    },
    evict(entityId) {
      const entity = entities.get(entityId);
      if (!entity) return;
      graph.release(detachAll(entity));
      entities.delete(entityId);
    },
    get size() {
      return entities.size;
    },
    get deltas() {
      return graph.records.size;
    },
  };
};
