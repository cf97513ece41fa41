import { sql } from 'drizzle-orm';
import type { FeedCursor } from './delta-store.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Whether deltas after `after` have committed but are still held back from
 * the feed because some older transaction is open. That transaction may live
 * in another database of the same cluster or write no deltas, so no NOTIFY
 * announces its end: a reader that sees `true` should poll again shortly.
 */
export const readHeldBack = async (runner: SqlRunner, after: FeedCursor | null): Promise<boolean> => {
  const afterCursor =
    after === null
      ? sql``
      : sql`AND (txid, position) > (${after.txid.toString()}::text::xid8, ${after.position.toString()}::text::bigint)`;
  const [row] = await runner.rows<{ held: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM deltas WHERE txid >= pg_snapshot_xmin(pg_current_snapshot()) ${afterCursor}
    ) AS held`);
  return row?.held === true;
};
