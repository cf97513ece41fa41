import type { PropertyModel, ResolvedValue } from '../model/model.js';
import type { ColumnKind, ColumnValue, Condition } from '../store/projection-store.js';
import { comparable } from './comparable.js';
import { columnValue, elementKey, type TypeProjection } from './projection-shape.js';

/** One property's conditions, as `PersonWhere.name` gives them. */
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

/** `PersonWhere`: per-property filters combined with and/or/not. */
export interface Where {
  readonly and?: readonly Where[] | null;
  readonly or?: readonly Where[] | null;
  readonly not?: Where | null;
  readonly [field: string]: FieldFilter | readonly Where[] | Where | null | undefined;
}

const TRUE: Condition = { op: 'true' };
const FALSE: Condition = { op: 'false' };

interface Target {
  readonly column: string;
  readonly kind: ColumnKind;
  readonly property: PropertyModel | undefined;
}

const RANGES = ['lt', 'lte', 'gt', 'gte'] as const;

/** A filter on a single-valued column, with exactly the in-memory meaning (graphql/entity-filter.ts). */
function scalarConditions(target: Target, filter: FieldFilter): Condition[] {
  const { column, kind } = target;
  const key = (raw: unknown): ColumnValue | null =>
    columnValue(kind, comparable(raw as ResolvedValue, target.property));
  const out: Condition[] = [];
  if (filter.eq !== undefined) {
    const value = key(filter.eq);
    out.push(filter.eq === null || value === null ? { op: 'isNull', column } : { op: 'eq', column, value });
  }
  if (filter.ne !== undefined) {
    const value = key(filter.ne);
    out.push(
      filter.ne === null || value === null ? { op: 'notNull', column } : { op: 'distinct', column, value },
    );
  }
  if (filter.in != null) {
    const values = filter.in.map(key);
    const present = values.filter((v): v is ColumnValue => v !== null);
    const options: Condition[] = [{ op: 'in', column, values: present }];
    if (present.length < values.length) options.push({ op: 'isNull', column });
    out.push({ op: 'or', of: options });
  }
  for (const op of RANGES) {
    const bound = filter[op];
    if (bound == null) continue;
    const value = key(bound);
    out.push(value === null ? FALSE : { op, column, value });
  }
  if (filter.contains != null) {
    out.push(kind === 'text' ? { op: 'substring', column, value: String(filter.contains) } : FALSE);
  }
  return out;
}

function listCondition(target: Target, filter: FieldFilter): Condition {
  if (filter.contains === undefined) return TRUE;
  const value = elementKey(comparable(filter.contains as ResolvedValue, target.property));
  return { op: 'has', column: target.column, value };
}

/**
 * Translates `PersonWhere` into a condition on the type's projection table,
 * agreeing with `matchesWhere` on every resolved entity: unknown fields and
 * null conditions hold, an empty `or` fails.
 */
export function whereCondition(where: Where | null | undefined, projection: TypeProjection): Condition {
  if (!where) return TRUE;
  const parts: Condition[] = [];
  for (const [field, condition] of Object.entries(where)) {
    if (condition == null) continue;
    if (field === 'and' || field === 'or') {
      const of = (condition as Where[]).map((w) => whereCondition(w, projection));
      parts.push({ op: field, of });
    } else if (field === 'not') {
      parts.push({ op: 'not', of: whereCondition(condition as Where, projection) });
    } else if (field === 'id') {
      const target = { column: 'id', kind: 'text' as const, property: undefined };
      parts.push(...scalarConditions(target, condition as FieldFilter));
    } else {
      const column = projection.byProperty.get(field);
      if (!column) continue;
      const target = { column: column.name, kind: column.kind, property: column.property };
      if (column.kind === 'list') parts.push(listCondition(target, condition as FieldFilter));
      else parts.push(...scalarConditions(target, condition as FieldFilter));
    }
  }
  return parts.length === 1 ? (parts[0] as Condition) : { op: 'and', of: parts };
}
