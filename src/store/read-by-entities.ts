import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, deltaColumns, toDelta } from './delta-rows.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Every delta that points to any of `entityIds`, each once, in position order,
 * in one round trip. The lateral join probes the GIN index once per id
 * (`@> ANY (...)` could not use it).
 */
export const readByEntities = async (runner: SqlRunner, entityIds: readonly string[]): Promise<Delta[]> => {
  if (entityIds.length === 0) return [];
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT ${deltaColumns} FROM deltas
    WHERE position IN (
      SELECT found.position
      FROM jsonb_array_elements_text(${JSON.stringify([...new Set(entityIds)])}::text::jsonb) AS wanted (id)
      CROSS JOIN LATERAL (
        SELECT position FROM deltas
        WHERE pointers @> jsonb_build_array(jsonb_build_object('target', jsonb_build_object('id', wanted.id)))
      ) AS found
    )
    ORDER BY position`);
  return rows.map(toDelta);
};
