import type { PropertyModel, ResolvedValue } from '../model/model.js';
import { acceptsFor } from './accepts.js';
import { sortedEntries } from './entity-state.js';
import type { DeltaRecord, EntityState } from './records.js';
import { output } from './resolvers/resolver.js';

/**
 * A property's contributing values for a custom resolver that declared
 * `{ property, history: true }` (docs/design.md §9): every visible value that
 * is valid for the property's declared type (so `null` and ill-typed values
 * are left out), in (timeCreated, id) order, as resolved values would look
 * (references `{ id }`, JSON unwrapped).
 */
export const historyValues = (
  entity: EntityState,
  property: PropertyModel,
  visible: (record: DeltaRecord) => boolean,
): ResolvedValue[] => {
  const state = entity.properties.get(property.name);
  if (!state) return [];
  const accepts = acceptsFor(property.type, false);
  const values: ResolvedValue[] = [];
  for (const { record, value } of sortedEntries(state)) {
    if (value !== undefined && visible(record) && accepts(value)) values.push(output(value));
  }
  return values;
};
