import { type PropertyType, SCALAR_TYPES, type ScalarName } from './model.js';

const SCALARS: ReadonlySet<string> = new Set(SCALAR_TYPES);

/** Why a type string did not parse, phrased to follow "type ...". */
export type ParsedType = { ok: true; type: PropertyType } | { ok: false; problem: string };

/**
 * Parses `String`, `Company`, `[String]` or `[Person]` against the declared
 * entity names. Non-null markers and nested lists are not part of the language:
 * scalars are always nullable and lists always non-null (docs/design.md §4).
 */
export const parseType = (text: unknown, entityNames: ReadonlySet<string>): ParsedType => {
  if (typeof text !== 'string') return { ok: false, problem: 'type must be a string such as "String"' };
  const list = text.startsWith('[') && text.endsWith(']');
  const inner = list ? text.slice(1, -1).trim() : text.trim();
  if (inner.startsWith('['))
    return { ok: false, problem: `type "${text}": lists of lists are not supported` };
  if (inner.endsWith('!')) {
    return { ok: false, problem: `type "${text}": drop the "!"; scalars are nullable and lists non-null` };
  }
  if (SCALARS.has(inner)) return { ok: true, type: { kind: 'scalar', scalar: inner as ScalarName, list } };
  if (entityNames.has(inner)) return { ok: true, type: { kind: 'reference', entity: inner, list } };
  const known = [...SCALAR_TYPES, ...[...entityNames].sort()].join(', ');
  return { ok: false, problem: `unknown type "${text}"; use one of ${known}, or [T] for a list` };
};

/** `String`, `[Person]`: the way declarations spell a type, for messages. */
export const formatType = (type: PropertyType): string => {
  const inner = type.kind === 'scalar' ? type.scalar : type.entity;
  return type.list ? `[${inner}]` : inner;
};
