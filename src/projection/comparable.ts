import { compareCodePoints } from '../delta/code-point-order.js';
import { toDateTimeMillis } from '../delta/date-time.js';
import type { JsonValue } from '../delta/delta.js';
import { canonicalJson } from '../delta/json-value.js';
import type { PropertyModel, ResolvedValue } from '../model/model.js';

/**
 * How lists compare resolved values, in memory and in the projection tables
 * alike (docs/design.md §8): the one home of these rules.
 */

/** Comparable form of a resolved value: references by id, DateTimes as epoch milliseconds. */
export function comparable(value: ResolvedValue | undefined, property: PropertyModel | undefined): unknown {
  if (value === undefined || value === null) return null;
  // A resolved reference is `{ id }`; a filter's operand names the id itself.
  if (property?.type.kind === 'reference')
    return typeof value === 'object' ? (value as { id: string }).id : value;
  if (property?.type.kind === 'scalar' && property.type.scalar === 'DateTime') {
    return toDateTimeMillis(value) ?? null;
  }
  return value;
}

/** The string form values compare by when they are not both numbers: JSON by content, whatever its key order. */
export const stringForm = (value: unknown): string =>
  typeof value === 'string' ? value : canonicalJson(value as JsonValue);

/** Numbers numerically, everything else by code-point order of its string form (as `COLLATE "C"` does). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(stringForm(a), stringForm(b));
}
