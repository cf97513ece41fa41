import { targetValue } from '../delta/delta.js';
import { RhizomeError } from '../errors.js';
import type { ContributedValue, EntityModel, PropertyModel, ResolvedValue } from '../model/model.js';
import { resultFits } from './accepts.js';
import { foldOf, sortedEntries } from './entity-state.js';
import { historyValues } from './history-values.js';
import type { DeltaRecord, EntityState } from './records.js';
import { createResolver } from './resolvers/create-resolver.js';
import type { LossyView } from './views.js';

/** Which deltas count: the live `visible` flag, or visibility as of a time. */
export type Visible = (record: DeltaRecord) => boolean;

/** The incrementally maintained visibility, as opposed to an as-of memo. */
export const live: Visible = (record) => record.visible;

/** Type as a lens (docs/design.md §2): a visible delta contributes to a declared property or makes it a member. */
const exists = (entity: EntityState, type: EntityModel, visible: Visible): boolean => {
  const members = entity.collections.get(type.collection);
  if (
    members &&
    (visible === live ? members.visible > 0 : members.slots.some((slot) => visible(slot.record)))
  )
    return true;
  for (const model of type.properties) {
    const property = entity.properties.get(model.name);
    if (!property) continue;
    if (visible === live ? property.visible > 0 : property.entries.some((entry) => visible(entry.record))) {
      return true;
    }
  }
  return false;
};

const empty = (model: PropertyModel): ResolvedValue => (model.type.list ? [] : null);

/**
 * A custom resolver sees the property's visible values in (timeCreated, id)
 * order and its `dependsOn` results (for a `history` dependency, that
 * property's contributing values, docs/design.md §9). A result that is not a valid value of the
 * declared type resolves like no value (null, or [] for a list), so clients
 * never receive a wrongly typed value.
 */
const runCustom = (
  entity: EntityState,
  type: EntityModel,
  model: PropertyModel,
  visible: Visible,
  resolved: ReadonlyMap<string, ResolvedValue>,
): ResolvedValue => {
  const values: ContributedValue[] = [];
  const property = entity.properties.get(model.name);
  if (property) {
    for (const { record, value } of sortedEntries(property)) {
      if (value !== undefined && visible(record))
        values.push({ value: targetValue(value), deltaId: record.id, timeCreated: record.t });
    }
  }
  const dependencies: Record<string, ResolvedValue | undefined> = {};
  for (const name of model.dependsOn) dependencies[name] = resolved.get(name);
  for (const name of model.history ?? []) {
    const dependency = type.properties.find((property) => property.name === name);
    if (dependency) dependencies[name] = historyValues(entity, dependency, visible);
  }
  let result: unknown;
  try {
    result = model.custom?.({ values, resolved: dependencies });
  } catch (error) {
    throw new RhizomeError('INTERNAL_SERVER_ERROR', `custom resolver of ${type.name}.${model.name} threw`, {
      cause: error,
      details: { entity: entity.id },
    });
  }
  return result !== undefined && resultFits(model.type, result) ? (result as ResolvedValue) : empty(model);
};

const emptyResults = new WeakMap<PropertyModel, { readonly value: ResolvedValue }>();

/**
 * What an empty fold of the property gives (sum and count 0, average null,
 * union []), made once per declaration and frozen: most members leave most
 * properties unset, and a fresh fold each time was most of what resolving them cost.
 */
const emptyResult = (model: PropertyModel): ResolvedValue => {
  let empty = emptyResults.get(model);
  if (empty === undefined) {
    empty = { value: Object.freeze(createResolver(model).result()) };
    emptyResults.set(model, empty);
  }
  return empty.value;
};

const resolveBuiltin = (entity: EntityState, model: PropertyModel, visible: Visible): ResolvedValue => {
  const property = entity.properties.get(model.name);
  if (!property) return emptyResult(model);
  if (visible === live) return foldOf(property, model).result();
  const resolver = createResolver(model);
  for (const { record, value } of sortedEntries(property)) {
    if (value !== undefined && visible(record)) resolver.add(value, record.t, record.id);
  }
  return resolver.result();
};

const resolveOrders = new WeakMap<EntityModel, readonly PropertyModel[]>();

/** The type's properties in `resolveOrder`, looked up once per type. */
const inResolveOrder = (type: EntityModel): readonly PropertyModel[] => {
  let models = resolveOrders.get(type);
  if (models === undefined) {
    models = type.resolveOrder.flatMap((name) =>
      type.properties.filter((property) => property.name === name),
    );
    resolveOrders.set(type, models);
  }
  return models;
};

/**
 * One value per declared property, in declaration order, or null when the
 * entity does not exist in this type's lens. Without `visible`, uses the
 * cached incremental folds; with it, folds from scratch (as-of views).
 */
export const resolveLossy = (
  entity: EntityState,
  type: EntityModel,
  visible: Visible = live,
): LossyView | null => {
  if (!exists(entity, type, visible)) return null;
  const resolved = new Map<string, ResolvedValue>();
  for (const model of inResolveOrder(type)) {
    const value =
      model.resolver === 'custom'
        ? runCustom(entity, type, model, visible, resolved)
        : resolveBuiltin(entity, model, visible);
    resolved.set(model.name, value);
  }
  const view: Record<string, ResolvedValue> = {};
  for (const model of type.properties) view[model.name] = resolved.get(model.name) ?? empty(model);
  return Object.freeze(view);
};
