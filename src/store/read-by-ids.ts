import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, deltaColumns, toDelta } from './delta-rows.js';
import type { SqlRunner } from './sql-runner.js';

/** The stored deltas with these ids (unknown ids are left out), in position order, in one round trip. */
export const readByIds = async (runner: SqlRunner, ids: readonly string[]): Promise<Delta[]> => {
  if (ids.length === 0) return [];
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT ${deltaColumns} FROM deltas
    WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb))
    ORDER BY position`);
  return rows.map(toDelta);
};
