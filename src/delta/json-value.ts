import { compareCodePoints } from './code-point-order.js';
import type { JsonTarget, JsonValue, Target } from './delta.js';
import { type DeltaLocation, describe, inputFault, isPlainObject } from './input-fault.js';
import { isStorableString } from './limits.js';

/** Nesting beyond this is refused, so checking and comparing never exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Validates the `json` of a `{ "json": ... }` target (docs/design.md §1) and
 * returns a fresh copy: an object or array of JSON values, finite numbers
 * (-0 becomes 0, which is all JSON can say), strings and keys that Postgres
 * can store. The delta's total size limit bounds the rest.
 */
export const parseJsonTarget = (value: unknown, at: DeltaLocation, index: number): JsonTarget => {
  const fail = (path: string, problem: string) => inputFault(at, index, `target.json${path}`, problem);
  const copy = (item: unknown, path: string, depth: number): JsonValue => {
    if (depth > MAX_JSON_DEPTH)
      throw fail(path, `JSON nests deeper than ${MAX_JSON_DEPTH} levels; flatten it.`);
    switch (typeof item) {
      case 'boolean':
        return item;
      case 'number':
        if (!Number.isFinite(item)) throw fail(path, `numbers must be finite, not ${describe(item)}.`);
        return item === 0 ? 0 : item;
      case 'string':
        if (!isStorableString(item))
          throw fail(path, 'a string contains NUL or an unpaired surrogate; remove it.');
        return item;
    }
    if (item === null) return null;
    if (Array.isArray(item)) return item.map((element, i) => copy(element, `${path}[${i}]`, depth + 1));
    if (!isPlainObject(item)) throw fail(path, `must be JSON, not ${describe(item)}.`);
    const result: Record<string, JsonValue> = {};
    for (const [key, element] of Object.entries(item)) {
      if (!isStorableString(key)) throw fail(path, 'a key contains NUL or an unpaired surrogate; rename it.');
      result[key] = copy(element, `${path}.${key}`, depth + 1);
    }
    return result;
  };
  if (!Array.isArray(value) && !isPlainObject(value)) {
    throw inputFault(
      at,
      index,
      'target.json',
      `"json" wraps only objects and arrays; give a primitive as the target itself, not ${describe(value)}.`,
    );
  }
  return { json: copy(value, '', 1) as JsonTarget['json'] };
};

/**
 * The wire target for a value given where only values are meant (GraphQL's
 * `PointerInput.value`, a JSON property's input): objects and arrays wrapped
 * as `{ json }`, so `{ "id": 1 }` stays a value; anything else as it is, for
 * the parser to check.
 */
export const valueTarget = (value: unknown): Target =>
  (typeof value === 'object' && value !== null ? { json: value } : value) as Target;

/**
 * One string per JSON value, with object keys in code point order: equal
 * values give equal strings whatever their key order (Postgres `jsonb`
 * reorders keys), so deltas compare and resolvers group values by it.
 */
export const canonicalJson = (value: JsonValue): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, JsonValue>).sort(([a], [b]) =>
      compareCodePoints(a, b),
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
