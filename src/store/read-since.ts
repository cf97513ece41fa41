import { sql } from 'drizzle-orm';
import { type FeedRow, feedColumns, toFeedEntry } from './delta-rows.js';
import type { DeltaFilter, FeedEntry } from './delta-store.js';
import { committedBelowHorizon, filterConditions, where } from './feed-conditions.js';
import { type FeedCursor, rowIsAfter } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Feed entries strictly after `after` in feed order `(txid, position)`, only
 * from transactions below the snapshot horizon. The row comparison runs on
 * the `(txid, position)` index. ORDER BY names the table's columns: bare names
 * would mean the select list's text aliases, and "1000" sorts before "700".
 */
export const readSince = async (
  runner: SqlRunner,
  after: FeedCursor | null,
  limit: number,
  filter?: DeltaFilter,
): Promise<FeedEntry[]> => {
  const conditions = [committedBelowHorizon, ...filterConditions(filter)];
  if (after !== null) conditions.push(rowIsAfter(after));
  const rows = await runner.rows<FeedRow>(sql`
    SELECT ${feedColumns} FROM deltas ${where(conditions)}
    ORDER BY deltas.txid, deltas.position
    LIMIT ${String(Math.max(0, Math.floor(limit)))}::text::bigint`);
  return rows.map(toFeedEntry);
};
