import { sql } from 'drizzle-orm';
import { type CursorRow, toCursor } from './delta-rows.js';
import { committedBelowHorizon } from './feed-conditions.js';
import type { FeedCursor } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

/** The cursor of the last entry `readSince` can return now, or null when the feed is empty. */
export const readHead = async (runner: SqlRunner): Promise<FeedCursor | null> => {
  const [row] = await runner.rows<CursorRow>(sql`
    SELECT txid::text AS txid, position::text AS position FROM deltas
    WHERE ${committedBelowHorizon}
    ORDER BY deltas.txid DESC, deltas.position DESC
    LIMIT 1`);
  return row === undefined ? null : toCursor(row);
};
