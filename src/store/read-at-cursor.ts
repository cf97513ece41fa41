import { sql } from 'drizzle-orm';
import { cursorParams, type FeedCursor } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

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
