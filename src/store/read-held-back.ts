import { sql } from 'drizzle-orm';
import { cursorParams, type FeedCursor } from './feed-cursor.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Whether deltas after `after` have committed but are still held back from
 * the feed because some older transaction is open. That transaction may live
 * in another database of the same cluster or write no deltas, so no NOTIFY
 * announces its end: a reader that sees `true` should poll again shortly.
 *
 * Only a scalar bound on `txid` goes to the index, so the scan starts at the
 * later of the horizon and the cursor and touches just the rows held back
 * (with a row comparison in the condition, Postgres started at the cursor).
 * A plain `ORDER BY … LIMIT 1`, not `EXISTS`: a prepared statement soon runs
 * a generic plan, which cannot see that few rows pass the bound; `EXISTS`
 * drops the ordering, and that plan was a sequential scan of the whole log
 * (2.4 s at 3M deltas, on every idle pass of the projection maintainer).
 */
export const readHeldBack = async (runner: SqlRunner, after: FeedCursor | null): Promise<boolean> => {
  const horizon = sql`pg_snapshot_xmin(pg_current_snapshot())`;
  const cursor = after === null ? null : cursorParams(after);
  const condition =
    cursor === null
      ? sql`txid >= ${horizon}`
      : sql`txid >= GREATEST(${horizon}, ${cursor.txid}) AND (txid > ${cursor.txid} OR position > ${cursor.position})`;
  const rows = await runner.rows<{ held: boolean }>(sql`
    SELECT true AS held FROM deltas WHERE ${condition} ORDER BY deltas.txid, deltas.position LIMIT 1`);
  return rows.length > 0;
};
