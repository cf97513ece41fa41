import type { Target } from '../delta/delta.js';
import type { PropertyModel } from '../model/model.js';
import { compareTimeId } from './order.js';
import type { DeltaRecord, EntityState, Entry, Fold, Membership, PropertyState } from './records.js';
import { createResolver } from './resolvers/create-resolver.js';
import type { Resolver } from './resolvers/resolver.js';

/** How one entity's state follows the deltas attached to it. */

const touch = (entity: EntityState, changed: Set<string>): void => {
  entity.version++;
  changed.add(entity.id);
};

const feed = (resolver: Resolver, entry: Entry): void => {
  if (entry.value !== undefined) resolver.add(entry.value, entry.record.t, entry.record.id);
};

const propertyState = (entity: EntityState, name: string): PropertyState => {
  let property = entity.properties.get(name);
  if (!property) {
    property = { name, entity, entries: [], sorted: true, visible: 0, folds: [], stale: false };
    entity.properties.set(name, property);
  }
  return property;
};

const membership = (entity: EntityState, context: string): Membership => {
  let found = entity.collections.get(context);
  if (!found) {
    found = { context, entity, records: [], visible: 0 };
    entity.collections.set(context, found);
  }
  return found;
};

/** Makes `record` a member of `entity`'s collection `context` (once per delta). */
export const attachMember = (
  entity: EntityState,
  record: DeltaRecord,
  context: string,
  changed: Set<string>,
): void => {
  const collection = membership(entity, context);
  if (record.memberships.includes(collection)) return;
  collection.records.push(record);
  record.memberships.push(collection);
  if (!record.visible) return;
  collection.visible++;
  touch(entity, changed);
};

/**
 * Adds `record`'s contribution to property `name` of `entity` (`value` per
 * the value rule, undefined for none). A delta contributes once per property.
 */
export const attachEntry = (
  entity: EntityState,
  record: DeltaRecord,
  name: string,
  value: Target | undefined,
  changed: Set<string>,
): void => {
  const property = propertyState(entity, name);
  for (const existing of record.entries) if (existing.property === property) return;
  const entry: Entry = { record, property, value };
  const last = property.entries[property.entries.length - 1];
  if (last && compareTimeId(record.t, record.id, last.record.t, last.record.id) < 0) property.sorted = false;
  property.entries.push(entry);
  record.entries.push(entry);
  if (!record.visible) return;
  property.visible++;
  if (!property.stale) for (const fold of property.folds) feed(fold.resolver, entry);
  touch(entity, changed);
};

/** Follows a visibility flip of `record` in every entity it is attached to. */
export const reflect = (record: DeltaRecord, changed: Set<string>): void => {
  const step = record.visible ? 1 : -1;
  for (const collection of record.memberships) {
    collection.visible += step;
    touch(collection.entity, changed);
  }
  for (const entry of record.entries) {
    const property = entry.property;
    property.visible += step;
    // Folds cannot subtract; a lost value means refolding this property on the next read.
    if (!record.visible) property.stale = property.folds.length > 0;
    else if (!property.stale) for (const fold of property.folds) feed(fold.resolver, entry);
    touch(property.entity, changed);
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

/** The up-to-date fold of `property` as `model` declares it, created on first use. */
export const foldOf = (property: PropertyState, model: PropertyModel): Resolver => {
  if (property.stale) {
    for (let i = 0; i < property.folds.length; i++) {
      const fold = property.folds[i] as Fold;
      const resolver = createResolver(fold.model);
      for (const entry of property.entries) if (entry.record.visible) feed(resolver, entry);
      property.folds[i] = { model: fold.model, resolver };
    }
    property.stale = false;
  }
  for (const fold of property.folds) if (fold.model === model) return fold.resolver;
  const resolver = createResolver(model);
  for (const entry of property.entries) if (entry.record.visible) feed(resolver, entry);
  property.folds.push({ model, resolver });
  return resolver;
};

/** Detaches every record from `entity`; returns records now attached nowhere. */
export const detachAll = (entity: EntityState): DeltaRecord[] => {
  const orphans: DeltaRecord[] = [];
  const unlink = (record: DeltaRecord): void => {
    if (record.entries.length === 0 && record.memberships.length === 0) orphans.push(record);
  };
  for (const property of entity.properties.values()) {
    for (const entry of property.entries) {
      const list = entry.record.entries;
      list.splice(list.indexOf(entry), 1);
    }
  }
  for (const collection of entity.collections.values()) {
    for (const record of collection.records) {
      const list = record.memberships;
      list.splice(list.indexOf(collection), 1);
      unlink(record);
    }
  }
  return orphans;
};
