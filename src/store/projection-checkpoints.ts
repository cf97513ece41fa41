import { type SQL, sql } from 'drizzle-orm';
import type { ProjectionCheckpoint } from './projection-store.js';
import type { SqlRunner } from './sql-runner.js';

interface CheckpointRow extends Record<string, unknown> {
  table_name: string;
  type_name: string;
  shape: string;
  txid: string;
  position: string;
  members: string;
  deltas: string;
  ready: boolean;
}

/** Checkpoint rows, all or the one of `tableName`. */
export const readCheckpoints = async (
  runner: SqlRunner,
  tableName?: string,
): Promise<ProjectionCheckpoint[]> => {
  const only: SQL = tableName === undefined ? sql`` : sql`WHERE table_name = ${tableName}`;
  const rows = await runner.rows<CheckpointRow>(sql`
    SELECT table_name, type_name, shape, txid::text AS txid, position::text AS position,
      members::text AS members, deltas::text AS deltas, ready
    FROM projection_checkpoints ${only} ORDER BY table_name`);
  return rows.map((row) => ({
    tableName: row.table_name,
    typeName: row.type_name,
    shape: row.shape,
    cursor: { txid: BigInt(row.txid), position: BigInt(row.position) },
    members: Number(row.members),
    deltas: Number(row.deltas),
    ready: row.ready === true,
  }));
};
