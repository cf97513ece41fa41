import { compareCodePoints } from '../delta/code-point-order.js';
import { toDateTimeMillis } from '../delta/date-time.js';
import type { JsonValue } from '../delta/delta.js';
import { canonicalJson } from '../delta/json-value.js';
import type { EntityModel, PropertyModel, ResolvedValue } from '../model/model.js';

/** One property's conditions (`PersonWhere.name`), all of which must hold. */
export interface FieldFilter {
  readonly eq?: unknown;
  readonly ne?: unknown;
  readonly in?: readonly unknown[] | null;
  readonly lt?: unknown;
  readonly lte?: unknown;
  readonly gt?: unknown;
  readonly gte?: unknown;
  readonly contains?: unknown;
}

export interface Where {
  readonly and?: readonly Where[] | null;
  readonly or?: readonly Where[] | null;
  readonly not?: Where | null;
  readonly [field: string]: FieldFilter | readonly Where[] | Where | null | undefined;
}

export interface Filterable {
  readonly id: string;
  readonly values: Readonly<Record<string, ResolvedValue>>;
}

/** Comparable form of a resolved value: references by id, DateTimes as epoch milliseconds. */
export function comparable(value: ResolvedValue | undefined, property: PropertyModel | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (property?.type.kind === 'reference') return (value as { id: string }).id;
  if (property?.type.kind === 'scalar' && property.type.scalar === 'DateTime') {
    return toDateTimeMillis(value) ?? null;
  }
  return value;
}

/** Numbers numerically, everything else by code-point order of its (canonical JSON) string form. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : canonicalJson(a as JsonValue);
  const y = typeof b === 'string' ? b : canonicalJson(b as JsonValue);
  return compareCodePoints(x, y);
}

const equal = (a: unknown, b: unknown) => a === b || (a !== null && b !== null && compareValues(a, b) === 0);

function matchesField(value: unknown, filter: FieldFilter, list: boolean, property?: PropertyModel): boolean {
  const cmp = (x: unknown) => comparable(x as ResolvedValue, property);
  if (list) {
    const items = (value as readonly ResolvedValue[]).map((item) => comparable(item, property));
    return filter.contains === undefined || items.some((item) => equal(item, cmp(filter.contains)));
  }
  if ('eq' in filter && filter.eq !== undefined && !equal(value, cmp(filter.eq))) return false;
  if ('ne' in filter && filter.ne !== undefined && equal(value, cmp(filter.ne))) return false;
  if (filter.in != null && !filter.in.some((option) => equal(value, cmp(option)))) return false;
  const ordered = (bound: unknown, ok: (c: number) => boolean) =>
    bound == null || (value !== null && ok(compareValues(value, cmp(bound))));
  if (!ordered(filter.lt, (c) => c < 0) || !ordered(filter.lte, (c) => c <= 0)) return false;
  if (!ordered(filter.gt, (c) => c > 0) || !ordered(filter.gte, (c) => c >= 0)) return false;
  if (filter.contains != null) return typeof value === 'string' && value.includes(String(filter.contains));
  return true;
}

/** Evaluates `PersonWhere` against a resolved entity. */
export function matchesWhere(node: Filterable, where: Where | null | undefined, type: EntityModel): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, condition]) => {
    if (condition == null) return true;
    switch (key) {
      case 'and':
        return (condition as Where[]).every((w) => matchesWhere(node, w, type));
      case 'or':
        return (condition as Where[]).some((w) => matchesWhere(node, w, type));
      case 'not':
        return !matchesWhere(node, condition as Where, type);
      case 'id':
        return matchesField(node.id, condition as FieldFilter, false);
      default: {
        const property = type.properties.find((p) => p.name === key);
        if (!property) return true;
        const value = property.type.list ? (node.values[key] ?? []) : comparable(node.values[key], property);
        return matchesField(value, condition as FieldFilter, property.type.list, property);
      }
    }
  });
}
