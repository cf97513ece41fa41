import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { NEGATED_BY, NEGATES } from '../delta/delta.js';
import { type DeltaRow, toDelta } from './delta-rows.js';
import type { SqlRunner } from './sql-runner.js';

interface NegatorRow extends DeltaRow {
  negated: string;
}

/**
 * For each delta id, the stored deltas that negate it (negated or not), in
 * position order, in one round trip. Like `readByEntities`, one GIN probe per
 * id; the containment names the `_negates` pointer, so nothing else that
 * mentions the id comes back.
 */
export const readNegators = async (runner: SqlRunner, deltaIds: readonly string[]): Promise<Delta[][]> => {
  if (deltaIds.length === 0) return [];
  const rows = await runner.rows<NegatorRow>(sql`
    SELECT wanted.id AS negated,
      found.id, found.creator, found.host, found.time_created::text AS time_created, found.pointers
    FROM jsonb_array_elements_text(${JSON.stringify([...new Set(deltaIds)])}::text::jsonb) AS wanted (id)
    CROSS JOIN LATERAL (
      SELECT * FROM deltas
      WHERE pointers @> jsonb_build_array(jsonb_build_object(
        'localContext', ${NEGATES}::text,
        'target', jsonb_build_object('id', wanted.id),
        'targetContext', ${NEGATED_BY}::text))
    ) AS found
    ORDER BY found.position`);
  const byId = new Map<string, Delta[]>();
  for (const row of rows) {
    const list = byId.get(row.negated) ?? [];
    list.push(toDelta(row));
    byId.set(row.negated, list);
  }
  return deltaIds.map((id) => byId.get(id) ?? []);
};
