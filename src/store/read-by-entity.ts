import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, deltaColumns, toDelta } from './delta-rows.js';
import type { ByEntityOptions } from './delta-store.js';
import { createdAtOrBefore, pointsTo, where } from './feed-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Every committed delta with a pointer to `entityId` (with `targetContext`
 * `property` when given, created at or before `asOf` when given), in position
 * order. Unlike the feed this reads everything committed, so a writer sees its
 * own deltas at once.
 */
export const readByEntity = async (
  runner: SqlRunner,
  entityId: string,
  options: ByEntityOptions = {},
): Promise<Delta[]> => {
  const conditions = [pointsTo(entityId, options.property)];
  if (options.asOf !== undefined) conditions.push(createdAtOrBefore(options.asOf));
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT ${deltaColumns} FROM deltas ${where(conditions)} ORDER BY position`);
  return rows.map(toDelta);
};
