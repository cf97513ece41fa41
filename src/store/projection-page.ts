import { type SQL, sql } from 'drizzle-orm';
import { type ColumnKinds, columnKinds, columnParam, conditionSql } from './projection-condition.js';
import type { ColumnValue, PageQuery, ProjectionRow, ProjectionShape } from './projection-store.js';
import type { SqlRunner } from './sql-runner.js';

interface PageRow extends Record<string, unknown> {
  id: string;
  view: Record<string, unknown>;
  key: ColumnValue | null;
}

const limitOf = (n: number) => sql`${String(Math.max(0, Math.floor(n)))}::text::bigint`;

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
  const filter = conditionSql(query.where, kinds);
  const select = (column: SQL, conditions: SQL[], order: SQL, limit: number) =>
    runner.rows<PageRow>(sql`
      SELECT id, view, ${column} AS key FROM ${table}
      WHERE (${filter}) ${sql.join(
        conditions.map((c) => sql` AND ${c}`),
        sql``,
      )}
      ORDER BY ${order} LIMIT ${limitOf(limit)}`);

  if (query.orderBy === 'id') {
    const after = query.after?.id;
    const conditions =
      after === undefined ? [] : [query.descending ? sql`id < ${after}::text` : sql`id > ${after}::text`];
    const rows = await select(
      sql.raw('id'),
      conditions,
      query.descending ? sql`id DESC` : sql`id`,
      query.limit,
    );
    return rows.map(toRow);
  }

  const column = sql`${sql.identifier(query.orderBy)}`;
  const param = (value: ColumnValue) => columnParam(kindOf(kinds, query.orderBy), value);
  const beyond = query.descending ? sql`<` : sql`>`;
  const byKey = query.descending ? sql`${column} DESC NULLS LAST, id` : sql`${column}, id`;
  const steps: (() => [SQL[], SQL])[] = [];
  const after = query.after;
  if (after && after.key !== null) {
    const key = after.key;
    steps.push(() => [[sql`${column} = ${param(key)}`, sql`id > ${after.id}::text`], sql`id`]);
    steps.push(() => [[sql`${column} ${beyond} ${param(key)}`], byKey]);
    steps.push(() => [[sql`${column} IS NULL`], sql`id`]);
  } else if (after) {
    steps.push(() => [[sql`${column} IS NULL`, sql`id > ${after.id}::text`], sql`id`]);
  } else {
    steps.push(() => [[sql`${column} IS NOT NULL`], byKey]);
    steps.push(() => [[sql`${column} IS NULL`], sql`id`]);
  }
  const out: ProjectionRow[] = [];
  for (const step of steps) {
    const wanted = query.limit - out.length;
    if (wanted <= 0) break;
    const [conditions, order] = step();
    for (const row of await select(column, conditions, order, wanted)) out.push(toRow(row));
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
