import { type SQL, sql } from 'drizzle-orm';
import type { DeltaFilter } from './delta-store.js';

/**
 * Only rows of transactions that every snapshot from now on sees as finished
 * (docs/design.md §5.3). A transaction still running holds back everything at or
 * above its id, so a reader never passes a row that commits later with a
 * smaller `(txid, position)`.
 */
export const committedBelowHorizon: SQL = sql.raw('txid < pg_snapshot_xmin(pg_current_snapshot())');

/** `pointers` containment that the GIN `jsonb_path_ops` index answers. */
export const pointsTo = (entityId: string): SQL =>
  sql`pointers @> ${JSON.stringify([{ target: { id: entityId } }])}::text::jsonb`;

/** Milliseconds compared as numeric, so a fractional bound is exact and the column needs no cast. */
const millis = (value: number): SQL => sql`${String(value)}::text::numeric`;

/** The conditions of a `DeltaFilter`, each one ANDed on. */
export const filterConditions = (filter: DeltaFilter = {}): SQL[] => {
  const conditions: SQL[] = [];
  if (filter.entity !== undefined) conditions.push(pointsTo(filter.entity));
  if (filter.creator !== undefined) conditions.push(sql`creator = ${filter.creator}`);
  if (filter.since !== undefined) conditions.push(sql`time_created >= ${millis(filter.since)}`);
  return conditions;
};

/** `WHERE a AND b ...`, or nothing for no conditions. */
export const where = (conditions: readonly SQL[]): SQL =>
  conditions.length === 0 ? sql`` : sql`WHERE ${sql.join([...conditions], sql` AND `)}`;
