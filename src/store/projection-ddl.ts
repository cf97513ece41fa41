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
  for (const [i, column] of shape.columns.entries()) {
    const index = (suffix: string) => name(`${shape.tableName}_${i}${suffix}`);
    const col = name(column.name);
    if (column.kind === 'list') {
      await runner.rows(sql`CREATE INDEX IF NOT EXISTS ${index('g')} ON ${table} USING gin (${col})`);
    } else if (column.sortable) {
      await runner.rows(sql`CREATE INDEX IF NOT EXISTS ${index('a')} ON ${table} (${col}, id)`);
      await runner.rows(
        sql`CREATE INDEX IF NOT EXISTS ${index('d')} ON ${table} (${col} DESC NULLS LAST, id)`,
      );
    } else {
      await runner.rows(sql`CREATE INDEX IF NOT EXISTS ${index('a')} ON ${table} (${col})`);
    }
  }
  await runner.rows(sql`
    INSERT INTO projection_checkpoints (table_name, type_name, shape)
    VALUES (${shape.tableName}, ${shape.typeName}, ${shape.shape})
    ON CONFLICT (table_name) DO NOTHING`);
};

/** Drops a retired projection table and its checkpoint. */
export const dropProjection = async (runner: SqlRunner, tableName: string): Promise<void> => {
  await runner.transaction(async (tx) => {
    await tx.rows(sql`DROP TABLE IF EXISTS ${name(tableName)}`);
    await tx.rows(sql`DELETE FROM projection_checkpoints WHERE table_name = ${tableName}`);
  });
};
