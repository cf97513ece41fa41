import { sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import type { PeerCheckpoint, QuarantineEntry } from './delta-store.js';
import type { SqlRunner } from './sql-runner.js';

interface CursorRow extends Record<string, unknown> {
  cursor: string;
}

interface QuarantineRow extends Record<string, unknown> {
  id: string;
  peer: string;
  local_delta: Delta;
  remote_delta: Delta;
  at: string;
}

/**
 * Records how far this node has applied a peer's feed, and the peer's
 * conflicting deltas, inside the transaction that stores the batch
 * (docs/design.md §7). A quarantined delta seen again is not added twice.
 */
export const writePeerCheckpoint = async (tx: SqlRunner, checkpoint: PeerCheckpoint): Promise<void> => {
  const quarantine = checkpoint.quarantine ?? [];
  if (quarantine.length > 0) {
    const rows = quarantine.map(({ local, remote }) => ({ id: remote.id, local, remote }));
    await tx.rows(sql`
      INSERT INTO quarantine (id, peer, local_delta, remote_delta)
      SELECT item->>'id', ${checkpoint.peer}, item->'local', item->'remote'
      FROM jsonb_array_elements(${JSON.stringify(rows)}::text::jsonb) AS item
      ON CONFLICT (id, peer) DO NOTHING`);
  }
  await tx.rows(sql`
    INSERT INTO peer_cursors (peer, cursor, updated_at) VALUES (${checkpoint.peer}, ${checkpoint.cursor}, now())
    ON CONFLICT (peer) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = EXCLUDED.updated_at`);
};

export const readPeerCursor = async (runner: SqlRunner, peer: string): Promise<string | null> => {
  const rows = await runner.rows<CursorRow>(sql`SELECT cursor FROM peer_cursors WHERE peer = ${peer}`);
  return rows[0]?.cursor ?? null;
};

export const readQuarantine = async (runner: SqlRunner): Promise<QuarantineEntry[]> => {
  const rows = await runner.rows<QuarantineRow>(sql`
    SELECT id, peer, local_delta, remote_delta, (extract(epoch FROM at) * 1000)::bigint::text AS at
    FROM quarantine ORDER BY at, id, peer`);
  return rows.map((row) => ({
    id: row.id,
    peer: row.peer,
    local: row.local_delta,
    remote: row.remote_delta,
    at: Number(row.at),
  }));
};

/** Every followed peer's stored cursor and when it last moved, for `rhizome status`. */
export const readPeerCursors = async (
  runner: SqlRunner,
): Promise<{ peer: string; cursor: string; updatedAt: number }[]> => {
  const rows = await runner.rows<{ peer: string; cursor: string; updated_at: string }>(sql`
    SELECT peer, cursor, (extract(epoch FROM updated_at) * 1000)::bigint::text AS updated_at
    FROM peer_cursors ORDER BY peer`);
  return rows.map((row) => ({ peer: row.peer, cursor: row.cursor, updatedAt: Number(row.updated_at) }));
};
