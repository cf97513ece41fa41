import { type SQL, sql } from 'drizzle-orm';
import type { DeltaFilter } from './delta-store.js';
import { filterConditions, where } from './feed-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Every delta, without scanning the log: the most advanced projection
 * checkpoint knows how many entries it has folded, and only the few rows
 * after it are counted, on the `(txid, position)` index. Nothing can commit
 * below a checkpoint later (it lies below the snapshot horizon), so the sum
 * is exact. With no checkpoint yet, a plain count.
 */
const countAll: SQL = sql`
  SELECT COALESCE(
    (SELECT c.deltas + (SELECT count(*) FROM deltas WHERE (deltas.txid, deltas.position) > (c.txid, c.position))
     FROM projection_checkpoints AS c ORDER BY c.txid DESC, c.position DESC LIMIT 1),
    (SELECT count(*) FROM deltas))::text AS count`;

/**
 * How many committed deltas match `filter`. No snapshot horizon here: a
 * writer counts its own deltas at once, even while an older transaction
 * elsewhere still holds them back from the feed. Filtered counts run on the
 * entity (GIN), creator and time indexes.
 */
export const countDeltas = async (runner: SqlRunner, filter?: DeltaFilter): Promise<number> => {
  const conditions = filterConditions(filter);
  const query =
    conditions.length === 0 ? countAll : sql`SELECT count(*)::text AS count FROM deltas ${where(conditions)}`;
  const [row] = await runner.rows<{ count: string }>(query);
  return Number(row?.count ?? 0);
};
