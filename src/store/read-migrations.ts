import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from './migrations-folder.js';
import type { SqlRunner } from './sql-runner.js';

/** One migration in `migrations/`, and whether this database has it. */
export interface MigrationState {
  readonly tag: string;
  /** The journal's timestamp, which drizzle records as `created_at` when it applies the migration. */
  readonly when: number;
  readonly applied: boolean;
}

interface Journal {
  readonly entries: readonly { readonly tag: string; readonly when: number }[];
}

/**
 * Every migration the code ships, in order, each marked applied or pending by
 * drizzle's own rule: applied up to the newest `created_at` in
 * `drizzle.__drizzle_migrations` (absent table: nothing applied yet).
 */
export const readMigrations = async (runner: SqlRunner): Promise<MigrationState[]> => {
  const journal = JSON.parse(
    await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const [exists] = await runner.rows<{ present: boolean }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  let newest = Number.NEGATIVE_INFINITY;
  if (exists?.present) {
    const [row] = await runner.rows<{ newest: string | null }>(
      sql`SELECT max(created_at)::text AS newest FROM drizzle.__drizzle_migrations`,
    );
    if (row?.newest != null) newest = Number(row.newest);
  }
  return journal.entries.map(({ tag, when }) => ({ tag, when, applied: when <= newest }));
};
