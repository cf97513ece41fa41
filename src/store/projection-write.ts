import { sql } from 'drizzle-orm';
import { RhizomeError } from '../errors.js';
import type { FeedCursor } from './feed-cursor.js';
import { settleBuild } from './projection-build.js';
import { clearProjection, createProjectionIndexes } from './projection-ddl.js';
import { PROJECTION_CHANNEL, type ProjectionBatch } from './projection-store.js';
import type { SqlRunner } from './sql-runner.js';

const idsJson = (ids: readonly string[]) => sql`${JSON.stringify(ids)}::text::jsonb`;

/** The writes of one maintenance batch on one transaction (see `MaintainerSession.batch`). */
export const createProjectionBatch = (tx: SqlRunner): ProjectionBatch => ({
  async existing(shape, ids) {
    if (ids.length === 0) return new Set();
    const rows = await tx.rows<{ id: string }>(sql`
      SELECT id FROM ${sql.identifier(shape.tableName)}
      WHERE id IN (SELECT jsonb_array_elements_text(${idsJson(ids)}))`);
    return new Set(rows.map((row) => row.id));
  },

  async upsert(shape, rows) {
    if (rows.length === 0) return;
    const table = sql.identifier(shape.tableName);
    const records = rows.map((row) => ({ ...row.columns, id: row.id, view: row.view }));
    const updates = ['view', ...shape.columns.map((c) => c.name)].map(
      (column) => sql`${sql.identifier(column)} = EXCLUDED.${sql.identifier(column)}`,
    );
    // One parameter for the whole batch: jsonb_populate_recordset maps keys to columns (arrays to text[]).
    await tx.rows(sql`
      INSERT INTO ${table}
      SELECT * FROM jsonb_populate_recordset(NULL::${table}, ${JSON.stringify(records)}::text::jsonb)
      ON CONFLICT (id) DO UPDATE SET ${sql.join(updates, sql`, `)}`);
  },

  async remove(shape, ids) {
    if (ids.length === 0) return;
    await tx.rows(sql`
      DELETE FROM ${sql.identifier(shape.tableName)}
      WHERE id IN (SELECT jsonb_array_elements_text(${idsJson(ids)}))`);
  },

  async advance(tableName, from, to, change) {
    const moved = await tx.rows(sql`
      UPDATE projection_checkpoints SET
        txid = ${to.txid.toString()}::text::xid8,
        position = ${to.position.toString()}::text::bigint,
        members = members + ${String(change.members)}::text::bigint,
        deltas = deltas + ${String(change.deltas)}::text::bigint,
        ready = ready OR ${String(change.ready ?? false)}::text::boolean
      WHERE table_name = ${tableName}
        AND txid = ${from.txid.toString()}::text::xid8
        AND position = ${from.position.toString()}::text::bigint
      RETURNING table_name`);
    if (moved.length === 0) {
      throw new RhizomeError(
        'CONFLICT',
        `The checkpoint of ${tableName} moved under this maintainer; another instance maintains it now.`,
      );
    }
  },

  async announce(cursor: FeedCursor) {
    await tx.rows(sql`SELECT pg_notify(${PROJECTION_CHANNEL}, ${`${cursor.txid}:${cursor.position}`})`);
  },

  clear: (shape) => clearProjection(tx, shape),
  async index(shape) {
    // Index builds over a loaded table sort it once per index; more memory, fewer passes.
    await tx.rows(sql`SET LOCAL maintenance_work_mem = '256MB'`);
    await createProjectionIndexes(tx, shape);
  },
  settle: (shape, horizon) => settleBuild(tx, shape.tableName, horizon),
});
