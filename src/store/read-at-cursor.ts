import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, toDelta } from './delta-rows.js';
import { cursorParams, type FeedCursor } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Like `readByEntities`, but only the deltas at or before `cursor` in feed
 * order (docs/design.md §9, `atCursor`). The row comparison is answered after
 * the GIN probe, per entity; an entity's closure is small.
 */
export const readByEntitiesAt = async (
  runner: SqlRunner,
  entityIds: readonly string[],
  cursor: FeedCursor,
): Promise<Delta[]> => {
  if (entityIds.length === 0) return [];
  const { txid, position } = cursorParams(cursor);
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT DISTINCT ON (found.position)
      found.id, found.creator, found.host, found.time_created::text AS time_created, found.pointers
    FROM jsonb_array_elements_text(${JSON.stringify([...new Set(entityIds)])}::text::jsonb) AS wanted (id)
    CROSS JOIN LATERAL (
      SELECT * FROM deltas
      WHERE pointers @> jsonb_build_array(jsonb_build_object('target', jsonb_build_object('id', wanted.id)))
        AND (txid, position) <= (${txid}, ${position})
    ) AS found
    ORDER BY found.position`);
  return rows.map(toDelta);
};

/**
 * Where a cursor stands against the snapshot horizon: `settled` when every
 * transaction up to its txid has ended, so the deltas at or before it can no
 * longer change; `issued` false when no transaction has had that id yet (a
 * cursor from the future, which Rhizome never hands out).
 */
export const readCursorState = async (
  runner: SqlRunner,
  cursor: FeedCursor,
): Promise<{ settled: boolean; issued: boolean }> => {
  const { txid } = cursorParams(cursor);
  const [row] = await runner.rows<{ settled: boolean; issued: boolean }>(sql`
    SELECT pg_snapshot_xmin(snapshot) > ${txid} AS settled, pg_snapshot_xmax(snapshot) > ${txid} AS issued
    FROM pg_current_snapshot() AS snapshot`);
  return { settled: row?.settled === true, issued: row?.issued === true };
};
