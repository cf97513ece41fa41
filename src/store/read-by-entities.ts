import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { type DeltaRow, deltaColumns, toDelta } from './delta-rows.js';
import { pointsTo } from './feed-conditions.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Distinct ids, padded to a power of two by repeating the last one, so
 * the prepared statements stay few (one per size class) while each id keeps
 * its own index probe.
 */
const padded = (distinct: readonly string[]): string[] => {
  let size = 1;
  while (size < distinct.length) size *= 2;
  const last = distinct.at(-1) ?? '';
  return [...distinct, ...Array<string>(size - distinct.length).fill(last)];
};

/**
 * Every delta that points to any of `entityIds`, each once, in position order,
 * in one round trip. One containment per id ORed together becomes a BitmapOr
 * of GIN probes; a join against an id list made the planner scan the table.
 */
export const readByEntities = async (runner: SqlRunner, entityIds: readonly string[]): Promise<Delta[]> => {
  const distinct = [...new Set(entityIds)];
  if (distinct.length === 0) return [];
  if (distinct.length > MAX_IDS_PER_QUERY) return readInChunks(runner, distinct);
  const anyOf = sql.join(
    padded(distinct).map((id) => pointsTo(id)),
    sql` OR `,
  );
  const rows = await runner.rows<DeltaRow>(sql`
    SELECT ${deltaColumns} FROM deltas WHERE ${anyOf} ORDER BY position`);
  return rows.map(toDelta);
};

/** Far below Postgres's 65,535 parameters per statement. */
const MAX_IDS_PER_QUERY = 4_096;

/** Beyond one statement's worth of ids: several queries, merged back into one position-ordered list. */
const readInChunks = async (runner: SqlRunner, ids: readonly string[]): Promise<Delta[]> => {
  const byId = new Map<string, Delta>();
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_QUERY) {
    for (const delta of await readByEntities(runner, ids.slice(start, start + MAX_IDS_PER_QUERY))) {
      byId.set(delta.id, delta);
    }
  }
  const ordered = await runner.rows<{ id: string }>(sql`
    SELECT id FROM deltas WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify([...byId.keys()])}::text::jsonb))
    ORDER BY position`);
  return ordered.flatMap((row) => byId.get(row.id) ?? []);
};
