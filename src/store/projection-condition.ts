import { type SQL, sql } from 'drizzle-orm';
import { RhizomeError } from '../errors.js';
import type { ColumnKind, ColumnValue, Condition, ProjectionShape } from './projection-store.js';

export type ColumnKinds = ReadonlyMap<string, ColumnKind>;

export const columnKinds = (shape: ProjectionShape): ColumnKinds =>
  new Map<string, ColumnKind>([['id', 'text'], ...shape.columns.map((c) => [c.name, c.kind] as const)]);

/**
 * How a value enters a statement: as a parameter, or as a named placeholder
 * when the statement is compiled once for many values (projection-page.ts).
 */
export type Bind = (value: string) => SQL;

const asParam: Bind = (value) => sql`${value}`;

/** A value as a parameter of the column's type (sent as text, cast on the server). */
export const columnParam = (kind: ColumnKind, value: ColumnValue, bind: Bind = asParam): SQL => {
  if (kind === 'number') return sql`${bind(String(value))}::text::double precision`;
  if (kind === 'boolean') return sql`${bind(String(value))}::text::boolean`;
  return sql`${bind(String(value))}::text`;
};

const kindOf = (kinds: ColumnKinds, column: string): ColumnKind => {
  const kind = kinds.get(column);
  if (kind === undefined) throw new RhizomeError('INTERNAL_SERVER_ERROR', `no projection column "${column}"`);
  return kind;
};

const COMPARE = {
  eq: sql.raw('='),
  lt: sql.raw('<'),
  lte: sql.raw('<='),
  gt: sql.raw('>'),
  gte: sql.raw('>='),
};

const leaf = (condition: Condition, kinds: ColumnKinds, bind: Bind): SQL => {
  switch (condition.op) {
    case 'isNull':
      return sql`${sql.identifier(condition.column)} IS NULL`;
    case 'notNull':
      return sql`${sql.identifier(condition.column)} IS NOT NULL`;
    case 'distinct': {
      const param = columnParam(kindOf(kinds, condition.column), condition.value, bind);
      return sql`${sql.identifier(condition.column)} IS DISTINCT FROM ${param}`;
    }
    case 'eq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const param = columnParam(kindOf(kinds, condition.column), condition.value, bind);
      return sql`${sql.identifier(condition.column)} ${COMPARE[condition.op]} ${param}`;
    }
    case 'in': {
      if (condition.values.length === 0) return sql`false`;
      const kind = kindOf(kinds, condition.column);
      const params = condition.values.map((value) => columnParam(kind, value, bind));
      return sql`${sql.identifier(condition.column)} IN (${sql.join(params, sql`, `)})`;
    }
    case 'substring':
      return sql`strpos(${sql.identifier(condition.column)}, ${bind(condition.value)}::text) > 0`;
    case 'has':
      return condition.value === null
        ? sql`array_position(${sql.identifier(condition.column)}, NULL) IS NOT NULL`
        : sql`${sql.identifier(condition.column)} @> ARRAY[${bind(condition.value)}::text]`;
    default:
      throw new RhizomeError('INTERNAL_SERVER_ERROR', `not a leaf condition: ${condition.op}`);
  }
};

/**
 * SQL for a condition. NOT is pushed down to the leaves (De Morgan), and only
 * a negated leaf is wrapped in `COALESCE(…, false)`: in memory a comparison
 * with an unresolved value is false, so its negation is true, while SQL's
 * NULL would drop the row. Leaves that are not negated stay plain, so indexes
 * still apply to them.
 */
export const conditionSql = (
  condition: Condition,
  kinds: ColumnKinds,
  bind: Bind = asParam,
  negated = false,
): SQL => {
  switch (condition.op) {
    case 'true':
    case 'false':
      return sql.raw(String((condition.op === 'true') !== negated));
    case 'and':
    case 'or': {
      const all = (condition.op === 'and') !== negated;
      if (condition.of.length === 0) return sql.raw(String(all));
      const parts = condition.of.map((part) => sql`(${conditionSql(part, kinds, bind, negated)})`);
      return sql.join(parts, all ? sql` AND ` : sql` OR `);
    }
    case 'not':
      return conditionSql(condition.of, kinds, bind, !negated);
    default:
      return negated
        ? sql`NOT COALESCE(${leaf(condition, kinds, bind)}, false)`
        : leaf(condition, kinds, bind);
  }
};
