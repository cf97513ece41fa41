import type { EntityModel, Model, PropertyModel, ScalarName } from '../model/model.js';
import { lowerCamel } from '../model/names.js';

const SAMPLES: Partial<Record<ScalarName, string>> = {
  String: '"Example"',
  ID: '"example"',
  Int: '1',
  Float: '1.5',
  Boolean: 'true',
  DateTime: '"2026-01-01T00:00:00Z"',
};

const sample = (property: PropertyModel): string | undefined =>
  property.type.kind === 'scalar' && !property.type.list ? SAMPLES[property.type.scalar] : undefined;

/** Scalar properties shown in the example's selections (references would need a sub-selection). */
const shown = (type: EntityModel): string[] =>
  type.properties
    .filter((property) => property.type.kind === 'scalar' && property.type.scalar !== 'JSON')
    .slice(0, 3)
    .map((property) => property.name);

/**
 * GraphiQL's opening document (docs/design.md §12): a mutation, a query and a
 * subscription for the first declared type, written so that running them in
 * any order, any number of times, works (no fixed ids that could conflict).
 */
export function graphiqlExample(model: Model): string {
  const type = model.entities[0];
  if (type === undefined)
    return '# No entity types are declared yet: add a declaration to schema/.\n{ __typename }\n';
  const single = lowerCamel(type.name);
  const plural = lowerCamel(type.plural);
  const fields = ['id', ...shown(type)].join(' ');
  const input = type.properties
    .filter((property) => property.custom === undefined && sample(property) !== undefined)
    .slice(0, 2)
    .map((property) => `${property.name}: ${sample(property)}`)
    .join(', ');
  return `# An example for ${type.name}, the first declared type.
# Press run (▶) and pick an operation. Each input
# field becomes one delta; ${type.name}Changed streams
# every change (best in a second tab).

mutation Create${type.name} {
  create${type.name}(input: { ${input} }) {
    ${fields}
  }
}

query List${type.plural} {
  ${plural}(first: 10) {
    totalCount
    nodes { ${fields} _deltas { id creator timeCreated } }
  }
}

subscription ${type.name}Changed {
  ${single}Changed { ${fields} }
}
`;
}
