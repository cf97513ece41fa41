import { isReservedName } from '../delta/system-context.js';
import { compileAccess } from './compile-access.js';
import { compileProperty } from './compile-property.js';
import type { EntityModel, Model } from './model.js';
import { GRAPHQL_NAME, lowerCamel, PASCAL_CASE, RESERVED_TYPE_NAMES } from './names.js';
import { resolveOrder } from './resolve-order.js';
import { schemaInvalid } from './schema-invalid.js';

/** One schema file's default export: a declaration or an array of them, not yet trusted. */
export interface SchemaSource {
  readonly file: string;
  readonly declarations: unknown;
}

interface Collected {
  readonly file: string;
  readonly name: string;
  readonly raw: Record<string, unknown>;
}

const ENTITY_KEYS: ReadonlySet<string> = new Set(['name', 'plural', 'collection', 'properties', 'access']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Phase one: every declaration's name, so properties may reference any entity, itself included. */
const collect = (sources: readonly SchemaSource[]): Collected[] => {
  const collected: Collected[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, declarations } of sources) {
    const list = Array.isArray(declarations) ? declarations : [declarations];
    if (list.length === 0) throw schemaInvalid({ file }, 'the default export is an empty array');
    for (const raw of list) {
      if (!isRecord(raw)) {
        throw schemaInvalid({ file }, 'the default export must be an entity declaration or an array of them');
      }
      const name = raw.name;
      if (typeof name !== 'string') throw schemaInvalid({ file }, 'a declaration needs a "name" string');
      const place = { file, entity: name };
      if (isReservedName(name))
        throw schemaInvalid(place, 'names starting with "_" are reserved for the system');
      if (!PASCAL_CASE.test(name))
        throw schemaInvalid(place, 'an entity name must be PascalCase, e.g. "Person"');
      if (RESERVED_TYPE_NAMES.has(name))
        throw schemaInvalid(place, `"${name}" is a built-in GraphQL type name`);
      const earlier = fileOf.get(name);
      if (earlier !== undefined) throw schemaInvalid(place, `"${name}" is already declared in ${earlier}`);
      for (const key of Object.keys(raw)) {
        if (!ENTITY_KEYS.has(key)) {
          throw schemaInvalid(
            place,
            `unknown key "${key}"; a declaration has ${[...ENTITY_KEYS].join(', ')}`,
          );
        }
      }
      fileOf.set(name, file);
      collected.push({ file, name, raw });
    }
  }
  return collected;
};

/** Phase two: one entity's properties, names and dependency order. */
const compileEntity = (entry: Collected, entityNames: ReadonlySet<string>): EntityModel => {
  const { file, name, raw } = entry;
  const place = { file, entity: name };
  const plural = raw.plural ?? `${name}s`;
  if (typeof plural !== 'string' || isReservedName(plural) || !GRAPHQL_NAME.test(plural)) {
    throw schemaInvalid(place, '"plural" must be a GraphQL name not starting with "_", e.g. "People"');
  }
  const collection = raw.collection ?? lowerCamel(name);
  if (typeof collection !== 'string' || collection === '' || isReservedName(collection)) {
    throw schemaInvalid(place, '"collection" must be a non-empty string not starting with "_"');
  }
  if (!isRecord(raw.properties) || Object.keys(raw.properties).length === 0) {
    throw schemaInvalid(place, '"properties" must be an object with at least one property');
  }

  const properties = Object.entries(raw.properties).map(([property, declared]) =>
    compileProperty({ ...place, property }, declared, entityNames),
  );
  const names = new Set(properties.map((property) => property.name));
  for (const property of properties) {
    for (const dependency of property.dependsOn) {
      if (dependency === property.name || !names.has(dependency)) {
        const problem =
          dependency === property.name
            ? 'a property cannot depend on itself'
            : `dependsOn names "${dependency}", which ${name} does not declare`;
        throw schemaInvalid({ ...place, property: property.name }, problem);
      }
    }
  }
  const order = resolveOrder(properties);
  if (!order.ok) {
    const [first = ''] = order.cycle;
    throw schemaInvalid({ ...place, property: first }, `dependency cycle: ${order.cycle.join(' → ')}`);
  }

  const access = compileAccess(raw.access, place);

  return Object.freeze({
    name,
    plural,
    collection,
    access,
    properties: Object.freeze(properties),
    resolveOrder: Object.freeze(order.order),
    file,
  });
};

/** GraphQL query fields are lowerCamel(name) and lowerCamel(plural); they must not collide. */
const checkQueryFields = (entities: readonly EntityModel[]): void => {
  const owner = new Map<string, string>();
  for (const entity of entities) {
    for (const field of [lowerCamel(entity.name), lowerCamel(entity.plural)]) {
      const taken = owner.get(field);
      if (taken !== undefined) {
        const problem =
          taken === entity.name
            ? `name and plural give the same query field "${field}"; set a different "plural"`
            : `its query field "${field}" collides with one of ${taken}; set a different "plural"`;
        throw schemaInvalid({ file: entity.file, entity: entity.name }, problem);
      }
      owner.set(field, entity.name);
    }
  }
};

/**
 * Compiles declarations into a frozen model: collect every name first, then
 * resolve, so entities may reference each other and themselves. Every mistake
 * is one `SCHEMA_INVALID` error naming the file, the entity and the property.
 *
 * @example compileModel([{ file: 'schema/person.ts', declarations: person }])
 */
export const compileModel = (sources: readonly SchemaSource[]): Model => {
  const collected = collect(sources);
  const entityNames = new Set(collected.map((entry) => entry.name));
  const entities = collected
    .map((entry) => compileEntity(entry, entityNames))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  checkQueryFields(entities);
  const byName = new Map(entities.map((entity) => [entity.name, entity]));
  return Object.freeze({
    entities: Object.freeze(entities),
    entity: (name: string) => byName.get(name),
  });
};
