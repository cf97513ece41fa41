import { compareCodePoints } from '../delta/code-point-order.js';
import type { Delta } from '../delta/delta.js';
import { sortedEntries } from './entity-state.js';
import type { Visible } from './lossy-view.js';
import type { EntityState } from './records.js';
import type { LosslessView } from './views.js';

/**
 * Per property the visible deltas that contribute to it, in (timeCreated, id)
 * order, and the sorted collections the entity is visibly referenced in.
 * Properties and collections with nothing visible are left out.
 */
export const resolveLossless = (entity: EntityState, visible: Visible): LosslessView => {
  const properties: Record<string, readonly Delta[]> = {};
  const names = [...entity.properties.keys()].sort(compareCodePoints);
  for (const name of names) {
    const property = entity.properties.get(name);
    if (!property) continue;
    const deltas: Delta[] = [];
    for (const { record } of sortedEntries(property)) if (visible(record)) deltas.push(record.delta);
    if (deltas.length > 0) properties[name] = Object.freeze(deltas);
  }
  const collections: string[] = [];
  for (const [context, members] of entity.collections) {
    if (members.slots.some((slot) => visible(slot.record))) collections.push(context);
  }
  collections.sort(compareCodePoints);
  return Object.freeze({ id: entity.id, properties: Object.freeze(properties), collections });
};
