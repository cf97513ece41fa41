import { fillPlaceholders, type SQL, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import {
  type Bind,
  type ColumnKinds,
  columnKinds,
  columnParam,
  conditionSql,
} from './projection-condition.js';
import type {
  ColumnValue,
  Condition,
  PageQuery,
  ProjectionRow,
  ProjectionShape,
} from './projection-store.js';
import { type CompiledQuery, compile, type SqlRunner } from './sql-runner.js';

interface PageRow extends Record<string, unknown> {
  id: string;
  view: Record<string, unknown>;
  key: ColumnValue | null;
}

/**
 * Page statements compiled once per shape of query. Turning a drizzle template
 * into SQL text took 14.5 µs of the 22.5 µs a filtered page spent in Node (a
 * twentieth of a list request's CPU). Every value enters through `bind`, as a
 * placeholder named by its number, so the text is the same for any values of
 * one shape: the table, the order, the step, and the filter with its values
 * left out (docs/design.md §8). Bounded, since filters are the caller's.
 */
const statements = new LRUCache<string, CompiledQuery>({ max: 1000 });

/** The filter's structure: values erased, except what changes the SQL (a null `has`, the length of `in`). */
const shapeOf = (where: Condition): string =>
  JSON.stringify(where, (key, value) =>
    key === 'value' ? (value === null ? null : '?') : key === 'values' ? (value as unknown[]).length : value,
  );

const limitOf = (bind: Bind, n: number) => sql`${bind(String(Math.max(0, Math.floor(n))))}::text::bigint`;

/**
 * One page of a projection in the in-memory list order: by the column,
 * unresolved values last in either direction, ties by ascending id.
 *
 * A keyset page runs as up to three index range scans, stopping as soon as
 * the page is full: the rest of the boundary key's ties (`c = k AND id > i`),
 * the keys beyond it (`c > k`, or `c < k` descending, on the matching
 * `(c [DESC NULLS LAST], id)` btree), then the unresolved rows by id. A
 * single mixed-direction row comparison would not use any index.
 */
export const readProjectionPage = async (
  runner: SqlRunner,
  shape: ProjectionShape,
  query: PageQuery,
): Promise<ProjectionRow[]> => {
  const kinds = columnKinds(shape);
  const table = sql.identifier(shape.tableName);
  const filterShape = shapeOf(query.where);
  /** Runs one step: `build` gives its conditions and order through a binder; only a new shape compiles. */
  const select = async (step: string, column: SQL, build: (bind: Bind) => [SQL[], SQL], limit: number) => {
    const values: Record<string, string> = {};
    let bound = 0;
    const bind: Bind = (value) => {
      const name = String(bound++);
      values[name] = value;
      return sql`${sql.placeholder(name)}`;
    };
    const [conditions, order] = build(bind);
    const template = sql`
      SELECT id, view, ${column} AS key FROM ${table}
      WHERE (${conditionSql(query.where, kinds, bind)}) ${sql.join(
        conditions.map((c) => sql` AND ${c}`),
        sql``,
      )}
      ORDER BY ${order} LIMIT ${limitOf(bind, limit)}`;
    const key = `${shape.tableName} ${query.orderBy} ${query.descending} ${step} ${filterShape}`;
    let statement = statements.get(key);
    if (statement === undefined) {
      statement = compile(template);
      statements.set(key, statement);
    }
    const rows = await runner.rows<PageRow>({
      text: statement.text,
      params: fillPlaceholders(statement.params, values),
    });
    return rows.map(toRow);
  };

  if (query.orderBy === 'id') {
    const after = query.after?.id;
    const beyondId = query.descending ? sql`<` : sql`>`;
    return select(
      after === undefined ? 'id' : 'id after',
      sql.raw('id'),
      (bind) => [
        after === undefined ? [] : [sql`id ${beyondId} ${bind(after)}::text`],
        query.descending ? sql`id DESC` : sql`id`,
      ],
      query.limit,
    );
  }

  const column = sql`${sql.identifier(query.orderBy)}`;
  const kind = kindOf(kinds, query.orderBy);
  const beyond = query.descending ? sql`<` : sql`>`;
  const byKey = query.descending ? sql`${column} DESC NULLS LAST, id` : sql`${column}, id`;
  type Step = [name: string, build: (bind: Bind) => [SQL[], SQL]];
  const steps: Step[] = [];
  const after = query.after;
  if (after && after.key !== null) {
    const key = after.key;
    steps.push([
      'ties',
      (bind) => [
        [sql`${column} = ${columnParam(kind, key, bind)}`, sql`id > ${bind(after.id)}::text`],
        sql`id`,
      ],
    ]);
    steps.push(['beyond', (bind) => [[sql`${column} ${beyond} ${columnParam(kind, key, bind)}`], byKey]]);
    steps.push(['unresolved', () => [[sql`${column} IS NULL`], sql`id`]]);
  } else if (after) {
    steps.push([
      'unresolved after',
      (bind) => [[sql`${column} IS NULL`, sql`id > ${bind(after.id)}::text`], sql`id`],
    ]);
  } else {
    steps.push(['resolved', () => [[sql`${column} IS NOT NULL`], byKey]]);
    steps.push(['unresolved', () => [[sql`${column} IS NULL`], sql`id`]]);
  }
  const out: ProjectionRow[] = [];
  for (const [name, build] of steps) {
    const wanted = query.limit - out.length;
    if (wanted <= 0) break;
    out.push(...(await select(name, column, build, wanted)));
  }
  return out;
};

/** How many rows match. Unfiltered counts come from the checkpoint row instead. */
export const countProjection = async (
  runner: SqlRunner,
  shape: ProjectionShape,
  where: PageQuery['where'],
): Promise<number> => {
  const [row] = await runner.rows<{ count: string }>(sql`
    SELECT count(*)::text AS count FROM ${sql.identifier(shape.tableName)}
    WHERE ${conditionSql(where, columnKinds(shape))}`);
  return Number(row?.count ?? 0);
};

const kindOf = (kinds: ColumnKinds, column: string) => kinds.get(column) ?? 'text';

const toRow = (row: PageRow): ProjectionRow => ({
  id: row.id,
  view: typeof row.view === 'string' ? JSON.parse(row.view) : row.view,
  key: row.key,
});
