import { isReservedName } from '../delta/system-context.js';
import { compileDependsOn } from './compile-depends-on.js';
import type { PropertyModel } from './model.js';
import { GRAPHQL_NAME } from './names.js';
import { parseType } from './parse-type.js';
import { defaultResolver, isBuiltinResolver, resolverMisfit } from './resolver-fit.js';
import { type SchemaPlace, schemaInvalid } from './schema-invalid.js';

const PROPERTY_KEYS: ReadonlySet<string> = new Set(['type', 'resolver', 'separator', 'dependsOn']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates one property declaration against the declared entity names and
 * returns its model. `dependsOn` is checked here only for shape; whether the
 * names exist and form no cycle needs the whole entity (see compile-entity).
 */
export const compileProperty = (
  place: SchemaPlace & { property: string },
  raw: unknown,
  entityNames: ReadonlySet<string>,
): PropertyModel => {
  const fail = (problem: string) => schemaInvalid(place, problem);
  const name = place.property;
  if (isReservedName(name)) throw fail('names starting with "_" are reserved for the system');
  if (!GRAPHQL_NAME.test(name)) throw fail('a property name must match /[A-Za-z][A-Za-z0-9_]*/');
  if (name === 'id') throw fail('"id" is the built-in id field of every entity; choose another name');
  if (!isRecord(raw)) throw fail('a property must be an object such as { type: "String" }');
  for (const key of Object.keys(raw)) {
    if (!PROPERTY_KEYS.has(key)) {
      throw fail(`unknown key "${key}"; a property has ${[...PROPERTY_KEYS].join(', ')}`);
    }
  }

  const parsed = parseType(raw.type, entityNames);
  if (!parsed.ok) throw fail(parsed.problem);
  const type = parsed.type;

  const declared = raw.resolver ?? defaultResolver(type);
  let resolver: PropertyModel['resolver'];
  let custom: PropertyModel['custom'];
  if (typeof declared === 'function') {
    resolver = 'custom';
    custom = declared as PropertyModel['custom'];
  } else if (isBuiltinResolver(declared)) {
    const misfit = resolverMisfit(declared, type);
    if (misfit) throw fail(misfit);
    resolver = declared;
  } else {
    throw fail(
      `unknown resolver ${JSON.stringify(declared)}; use lastWriteWins, firstWriteWins, min, max, sum, ` +
        'average, count, concatenate, majority, union, or a function',
    );
  }

  if (raw.separator !== undefined) {
    if (resolver !== 'concatenate') throw fail('"separator" only applies to the concatenate resolver');
    if (typeof raw.separator !== 'string') throw fail('"separator" must be a string');
  }

  const { dependsOn, history } = compileDependsOn(raw.dependsOn, resolver, fail);

  return Object.freeze({
    name,
    type: Object.freeze(type),
    resolver,
    ...(custom ? { custom } : {}),
    separator: typeof raw.separator === 'string' ? raw.separator : '',
    dependsOn: Object.freeze(dependsOn),
    ...(history.length > 0 ? { history: Object.freeze(history) } : {}),
  });
};
