import type { Target } from '../delta/delta.js';
import type { PropertyModel } from '../model/model.js';
import type { Changes } from './changes.js';
import { compareTimeId } from './order.js';
import type { DeltaRecord, EntityState, Entry, Fold, Membership, PropertyState, Slot } from './records.js';
import { createResolver } from './resolvers/create-resolver.js';
import type { Resolver } from './resolvers/resolver.js';

/** How one entity's state follows the deltas attached to it. */

const feed = (resolver: Resolver, slot: Slot): void => {
  if (slot.value !== undefined) resolver.add(slot.value, slot.record.t, slot.record.id);
};

const propertyState = (entity: EntityState, name: string): PropertyState => {
  let property = entity.properties.get(name);
  if (!property) {
    property = {
      name,
      entity,
      entries: [],
      sorted: true,
      maxT: Number.NEGATIVE_INFINITY,
      maxId: '',
      visible: 0,
      folds: [],
      stale: false,
    };
    entity.properties.set(name, property);
  }
  return property;
};

const membership = (entity: EntityState, context: string): Membership => {
  let found = entity.collections.get(context);
  if (!found) {
    found = { context, entity, slots: [], visible: 0 };
    entity.collections.set(context, found);
  }
  return found;
};

/** Whether `record` is attached to `entity` already (a known delta in a second `load`). */
export const isAttached = (record: DeltaRecord, entity: EntityState): boolean => {
  for (let slot = record.slots; slot; slot = slot.next) if (slot.entity === entity) return true;
  return false;
};

/**
 * Attaches one pointer of `record` that references `entity`: a member of
 * `context`, and with a `targetContext` a contribution of `value` to that
 * property, unless an earlier pointer of the record already gave one.
 */
export const attachSlot = (
  entity: EntityState,
  record: DeltaRecord,
  context: string,
  targetContext: string | undefined,
  value: Target | undefined,
  changes: Changes,
): void => {
  let property = targetContext === undefined ? undefined : propertyState(entity, targetContext);
  let tail: Slot | undefined;
  for (let slot = record.slots; slot; slot = slot.next) {
    if (property && slot.property === property) property = undefined;
    tail = slot;
  }
  const slot: Slot = {
    record,
    entity,
    collection: membership(entity, context),
    property,
    value,
    next: undefined,
  };
  if (tail) tail.next = slot;
  else record.slots = slot;
  slot.collection.slots.push(slot);
  if (property) {
    if (compareTimeId(record.t, record.id, property.maxT, property.maxId) < 0) property.sorted = false;
    else {
      property.maxT = record.t;
      property.maxId = record.id;
    }
    property.entries.push(slot as Entry);
  }
  if (!record.visible) return;
  slot.collection.visible++;
  if (property) {
    property.visible++;
    if (!property.stale) for (const fold of property.folds) feed(fold.resolver, slot);
  }
  changes.touch(entity);
};

/** Follows a visibility flip of `record` in every entity it is attached to. */
export const reflect = (record: DeltaRecord, changes: Changes): void => {
  const step = record.visible ? 1 : -1;
  for (let slot = record.slots; slot; slot = slot.next) {
    slot.collection.visible += step;
    const property = slot.property;
    if (property) {
      property.visible += step;
      // Folds cannot subtract; a lost value means refolding this property on the next read.
      if (!record.visible) property.stale = property.folds.length > 0;
      else if (!property.stale) for (const fold of property.folds) feed(fold.resolver, slot);
    }
    changes.touch(slot.entity);
  }
};

/** Entries in (timeCreated, id) order, sorting only after out-of-order arrivals. */
export const sortedEntries = (property: PropertyState): readonly Entry[] => {
  if (!property.sorted) {
    property.entries.sort((a, b) => compareTimeId(a.record.t, a.record.id, b.record.t, b.record.id));
    property.sorted = true;
  }
  return property.entries;
};

const foldKeys = new WeakMap<PropertyModel, string>();

/**
 * Folds are shared by every declaration that resolves the same way (say
 * `name: String` in two types, or in a reloaded schema), so each is fed once.
 */
const foldKey = (model: PropertyModel): string => {
  let key = foldKeys.get(model);
  if (key === undefined) {
    const { type } = model;
    key = `${model.resolver}|${type.kind === 'scalar' ? type.scalar : 'reference'}|${type.list}|${model.separator}`;
    foldKeys.set(model, key);
  }
  return key;
};

/** The up-to-date fold of `property` as `model` declares it, created on first use. */
export const foldOf = (property: PropertyState, model: PropertyModel): Resolver => {
  if (property.stale) {
    for (let i = 0; i < property.folds.length; i++) {
      const fold = property.folds[i] as Fold;
      const resolver = createResolver(fold.model);
      for (const entry of property.entries) if (entry.record.visible) feed(resolver, entry);
      property.folds[i] = { key: fold.key, model: fold.model, resolver };
    }
    property.stale = false;
  }
  const key = foldKey(model);
  for (const fold of property.folds) if (fold.key === key) return fold.resolver;
  const resolver = createResolver(model);
  for (const entry of property.entries) if (entry.record.visible) feed(resolver, entry);
  property.folds.push({ key, model, resolver });
  return resolver;
};

/** Detaches every record from `entity`; returns records now attached nowhere. */
export const detachAll = (entity: EntityState): DeltaRecord[] => {
  const orphans: DeltaRecord[] = [];
  for (const collection of entity.collections.values()) {
    for (const slot of collection.slots) {
      const record = slot.record;
      let previous: Slot | undefined;
      for (let current = record.slots; current; current = current.next) {
        if (current === slot) {
          if (previous) previous.next = current.next;
          else record.slots = current.next;
          break;
        }
        previous = current;
      }
      if (record.slots === undefined) orphans.push(record);
    }
  }
  return orphans;
};
