import { type SQL, sql } from 'drizzle-orm';
import type { ColumnKind, ProjectionShape } from './projection-store.js';
import type { SqlRunner } from './sql-runner.js';

const TYPES: Record<ColumnKind, SQL> = {
  text: sql.raw('text COLLATE "C"'),
  number: sql.raw('double precision'),
  boolean: sql.raw('boolean'),
  list: sql.raw('text[] COLLATE "C"'),
};

const name = sql.identifier;

/**
 * Creates a projection table, its indexes and its checkpoint row when they
 * are missing. Only the maintainer calls this (it holds the lock), so two
 * instances never race on `CREATE TABLE`. Every identifier goes through the
 * driver's escaping; the shape contains no values.
 *
 * The secondary indexes exist on a ready table; a table that is still to be
 * built from the log gets them when its build ends (`createProjectionIndexes`),
 * since one index build over the loaded rows is far cheaper than growing
 * sixteen indexes row by row.
 *
 * Sortable columns get two btrees, `(c, id)` and `(c DESC NULLS LAST, id)`:
 * unresolved values sort last in either direction and ties go by ascending id,
 * which one index scanned backwards cannot give. Lists get GIN for `contains`.
 */
export const prepareProjection = async (runner: SqlRunner, shape: ProjectionShape): Promise<void> => {
  const table = name(shape.tableName);
  const columns = shape.columns.map((column) => sql`${name(column.name)} ${TYPES[column.kind]}`);
  await runner.rows(sql`
    CREATE TABLE IF NOT EXISTS ${table} (
      id text COLLATE "C" PRIMARY KEY,
      view jsonb NOT NULL
      ${columns.length === 0 ? sql`` : sql`, ${sql.join(columns, sql`, `)}`}
    )`);
  const [created] = await runner.rows<{ ready: boolean }>(sql`
    INSERT INTO projection_checkpoints (table_name, type_name, shape)
    VALUES (${shape.tableName}, ${shape.typeName}, ${shape.shape})
    ON CONFLICT (table_name) DO UPDATE SET ready = projection_checkpoints.ready
    RETURNING ready`);
  // A table still to be built gets its indexes when the build ends (bulk loads run without them).
  if (created?.ready) await createProjectionIndexes(runner, shape);
};

/** The secondary indexes of a projection table, one entry per index. */
const indexesOf = (shape: ProjectionShape): { index: ReturnType<typeof name>; columns: SQL }[] =>
  shape.columns.flatMap((column, i) => {
    const index = (suffix: string) => name(`${shape.tableName}_${i}${suffix}`);
    const col = name(column.name);
    if (column.kind === 'list') return [{ index: index('g'), columns: sql`USING gin (${col})` }];
    if (!column.sortable) return [{ index: index('a'), columns: sql`(${col})` }];
    return [
      { index: index('a'), columns: sql`(${col}, id)` },
      { index: index('d'), columns: sql`(${col} DESC NULLS LAST, id)` },
    ];
  });

/** Creates the secondary indexes that are missing. */
export const createProjectionIndexes = async (runner: SqlRunner, shape: ProjectionShape): Promise<void> => {
  const table = name(shape.tableName);
  for (const { index, columns } of indexesOf(shape)) {
    await runner.rows(sql`CREATE INDEX IF NOT EXISTS ${index} ON ${table} ${columns}`);
  }
};

/** Empties a table for a build from the log and drops its secondary indexes until the build ends. */
export const clearProjection = async (runner: SqlRunner, shape: ProjectionShape): Promise<void> => {
  await runner.rows(sql`TRUNCATE ${name(shape.tableName)}`);
  for (const { index } of indexesOf(shape)) await runner.rows(sql`DROP INDEX IF EXISTS ${index}`);
};

/** Drops a retired projection table and its checkpoint. */
export const dropProjection = async (runner: SqlRunner, tableName: string): Promise<void> => {
  await runner.transaction(async (tx) => {
    await tx.rows(sql`DROP TABLE IF EXISTS ${name(tableName)}`);
    await tx.rows(sql`DELETE FROM projection_checkpoints WHERE table_name = ${tableName}`);
  });
};
