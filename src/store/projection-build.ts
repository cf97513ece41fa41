import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { RhizomeError } from '../errors.js';
import { cursorParams, type FeedCursor } from './feed-cursor.js';
import { readByEntities } from './read-by-entities.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * The reads and the last write of a projection build from the log
 * (docs/design.md §8). A build walks the type's candidate members in id order
 * and loads their closures a few thousand at a time, so its reads are large.
 */

/**
 * `readByEntities` for thousands of ids. Planned without JIT, as every query
 * of the Postgres store is (postgres-store.ts: GIN's fixed estimate of each
 * probe makes a large lateral join look expensive enough to compile, ~0.7 s
 * per query to save nothing); PGlite has no JIT.
 */
export const readClosureRound = (runner: SqlRunner, entityIds: readonly string[]): Promise<Delta[]> =>
  readByEntities(runner, entityIds);

/**
 * The candidate members of a build: every entity some delta references with
 * this `localContext`, each once, in the log order of the first such delta.
 * A chunk of candidates taken in that order finds its closures in nearby
 * heap pages, where entities in hash order sent each probe to a page of its
 * own: at 1,000,000 people a chunk's closure read took 53-79 ms instead of
 * 143-191 ms, and the ordering costs nothing measurable (3.7 s against 3.9 s
 * for the distinct ids alone). The build took as long (its reads overlap the
 * resolving and the writes, which set its pace); the database works less.
 */
export const readCandidates = async (runner: SqlRunner, localContext: string): Promise<string[]> => {
  const rows = await runner.rows<{ id: string }>(sql`
    SELECT pointer -> 'target' ->> 'id' AS id
    FROM deltas CROSS JOIN LATERAL jsonb_array_elements(pointers) AS pointer
    WHERE pointers @> ${JSON.stringify([{ localContext }])}::text::jsonb
      AND pointer ->> 'localContext' = ${localContext}
      AND jsonb_typeof(pointer -> 'target') = 'object'
    GROUP BY 1
    ORDER BY min(deltas.position)`);
  return rows.map((row) => row.id);
};

/**
 * Ids of every delta some delta negates (negated or not). A build asks for the
 * negations of exactly these deltas, instead of probing the index for the
 * negations of every delta it loads, most of which have none.
 */
export const readNegatedIds = async (runner: SqlRunner): Promise<string[]> => {
  const rows = await runner.rows<{ id: string }>(sql`
    SELECT DISTINCT pointer -> 'target' ->> 'id' AS id
    FROM deltas CROSS JOIN LATERAL jsonb_array_elements(pointers) AS pointer
    WHERE pointers @> ${JSON.stringify([{ localContext: '_negates' }])}::text::jsonb
      AND pointer ->> 'localContext' = '_negates'
      AND jsonb_typeof(pointer -> 'target') = 'object'`);
  return rows.map((row) => row.id);
};

/**
 * Merges the GIN pending list into the index, so that the build's many
 * probes do not each scan it (up to 256 kB, docs/design.md §10). Best effort:
 * a role that does not own the index cannot, and the build is only slower.
 */
export const cleanPendingList = async (runner: SqlRunner): Promise<void> => {
  await runner
    .rows(sql`SELECT gin_clean_pending_list('deltas_pointers_idx'::regclass)`)
    .catch(() => undefined);
};

/**
 * Ends a build: the checkpoint moves from the start of the log to the build's
 * horizon, with the table's row count and the number of log entries up to the
 * horizon (compare-and-set, like every advance). The table stays not ready:
 * the incremental fold takes it from the horizon to the end of the log.
 */
export const settleBuild = async (runner: SqlRunner, tableName: string, horizon: FeedCursor) => {
  const { txid, position } = cursorParams(horizon);
  const moved = await runner.rows(sql`
    UPDATE projection_checkpoints SET
      txid = ${txid}, position = ${position},
      members = (SELECT count(*) FROM ${sql.identifier(tableName)}),
      deltas = (SELECT count(*) FROM deltas WHERE (deltas.txid, deltas.position) <= (${txid}, ${position}))
    WHERE table_name = ${tableName} AND NOT ready AND txid = '0'::xid8 AND position = 0
    RETURNING table_name`);
  if (moved.length === 0) {
    throw new RhizomeError(
      'CONFLICT',
      `The checkpoint of ${tableName} moved under this build; another instance maintains it now.`,
    );
  }
  await runner.rows(sql`ANALYZE ${sql.identifier(tableName)}`);
};
