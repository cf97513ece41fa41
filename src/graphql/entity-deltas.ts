import { createDeltaBuilder } from '../delta/build-delta.js';
import type { Delta } from '../delta/delta.js';
import type { DeltaDefaults } from '../delta/delta-defaults.js';
import { valueTarget } from '../delta/json-value.js';
import type { EntityModel } from '../model/model.js';

/**
 * Turns a `PersonInput` into deltas: each given field one delta (a list, one per
 * element) that makes the entity a member and gives the property its value.
 * With no fields, one delta that only makes it a member. The builders validate
 * like any client delta, so limits (string size, ...) hold here too.
 */
export function entityInputDeltas(
  type: EntityModel,
  entityId: string,
  input: Readonly<Record<string, unknown>>,
  defaults: DeltaDefaults,
): Delta[] {
  const build = createDeltaBuilder(defaults);
  const deltas: Delta[] = [];
  for (const property of type.properties) {
    const given = input[property.name];
    if (given === undefined) continue;
    const values = property.type.list ? ((given ?? []) as unknown[]) : [given];
    for (const value of values) {
      deltas.push(
        build.setProperty({
          entity: entityId,
          property: property.name,
          collection: type.collection,
          value:
            property.type.kind === 'reference' && value !== null ? { id: String(value) } : valueTarget(value),
          where: `input.${property.name}`,
        }),
      );
    }
  }
  if (deltas.length === 0) deltas.push(build.memberOf({ entity: entityId, collection: type.collection }));
  return deltas;
}
