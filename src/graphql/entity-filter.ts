import type { EntityModel, PropertyModel, ResolvedValue } from '../model/model.js';
import { comparable, compareValues } from '../projection/comparable.js';
import type { FieldFilter, Where } from '../projection/where-condition.js';

export type { FieldFilter, Where } from '../projection/where-condition.js';

export interface Filterable {
  readonly id: string;
  readonly values: Readonly<Record<string, ResolvedValue>>;
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
