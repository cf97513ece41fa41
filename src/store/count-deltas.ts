import { sql } from 'drizzle-orm';
import type { DeltaFilter } from './delta-store.js';
import { filterConditions, where } from './feed-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * How many committed deltas match `filter`. No snapshot horizon here: a
 * writer counts its own deltas at once, even while an older transaction
 * elsewhere still holds them back from the feed.
 */
export const countDeltas = async (runner: SqlRunner, filter?: DeltaFilter): Promise<number> => {
  const [row] = await runner.rows<{ count: string }>(sql`
    SELECT count(*)::text AS count FROM deltas ${where(filterConditions(filter))}`);
  return Number(row?.count ?? 0);
};
