import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, toDelta } from './delta-rows.js';
import { cursorParams, type FeedCursor } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Every delta that points to any of `entityIds`, each once, in position
 * order, in one round trip.
 *
 * The lateral join probes the GIN index once per id, a plan that stays the
 * same whatever the ids. ORing one containment per id was measured to tip the
 * planner into a sequential scan at about 50 ids (its estimate for each
 * containment is fixed), and `@> ANY (...)` cannot use the index at all.
 */
export const readByEntities = async (
  runner: SqlRunner,
  entityIds: readonly string[],
  upTo?: FeedCursor,
): Promise<Delta[]> => {
  if (entityIds.length === 0) return [];
  // With `upTo` (docs/design.md §9, `atCursor`), only deltas at or before it in feed order; the row
  // comparison is answered after the GIN probe, per entity, and an entity's closure is small.
  const bound = upTo === undefined ? undefined : cursorParams(upTo);
  const atOrBefore = bound ? sql`AND (txid, position) <= (${bound.txid}, ${bound.position})` : sql``;
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT DISTINCT ON (found.position)
      found.id, found.creator, found.host, found.time_created::text AS time_created, found.pointers
    FROM jsonb_array_elements_text(${JSON.stringify([...new Set(entityIds)])}::text::jsonb) AS wanted (id)
    CROSS JOIN LATERAL (
      SELECT * FROM deltas
      WHERE pointers @> jsonb_build_array(jsonb_build_object('target', jsonb_build_object('id', wanted.id)))
        ${atOrBefore}
    ) AS found
    ORDER BY found.position`);
  return rows.map(toDelta);
};
