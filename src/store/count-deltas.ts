import { sql } from 'drizzle-orm';
import type { DeltaFilter } from './delta-store.js';
import { committedBelowHorizon, filterConditions, where } from './feed-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/** How many entries the feed holds now (with the same horizon as `readSince`), optionally filtered. */
export const countDeltas = async (runner: SqlRunner, filter?: DeltaFilter): Promise<number> => {
  const [row] = await runner.rows<{ count: string }>(sql`
    SELECT count(*)::text AS count FROM deltas ${where([committedBelowHorizon, ...filterConditions(filter)])}`);
  return Number(row?.count ?? 0);
};
