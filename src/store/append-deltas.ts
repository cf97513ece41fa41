import { type SQL, sql } from 'drizzle-orm';
import type { Delta } from '../delta/delta.js';
import { RhizomeError } from '../errors.js';
import { type DeltaRow, deltaRecords, deltasJson, toDelta } from './delta-rows.js';
import type { AppendGuard, AppendOptions, AppendOutcome, DefaultedField } from './delta-store.js';
import { writePeerCheckpoint } from './peer-checkpoint.js';
import { readByEntities } from './read-by-entities.js';
import type { SqlRunner } from './sql-runner.js';
import { sqlStateOf } from './store-error.js';

interface InsertedRow extends Record<string, unknown> {
  id: string;
  position: string;
  txid: string;
}

interface ExistingRow extends DeltaRow {
  position: string | null;
  txid: string | null;
  same: boolean | null;
}

const insertStatement = (json: string, onConflict: SQL): SQL => sql`
  INSERT INTO deltas (id, creator, host, time_created, pointers)
  SELECT id, creator, host, time_created, pointers FROM ${deltaRecords(json)}
  ORDER BY ord
  ${onConflict}
  RETURNING id, position::text AS position, txid::text AS txid`;

const UNIQUE_VIOLATION = '23505';

/**
 * Stores `deltas` in one transaction, all or nothing (docs/design.md §1, §5.2).
 *
 * One statement, atomic by itself, inserts the whole batch in input order (the
 * store wakes other instances after it commits, see coalesced-notify.ts). The first attempt
 * is a plain INSERT, the common case and measurably cheaper than ON CONFLICT's
 * speculative insertion. If an id exists, that attempt rolls back and a
 * second one skips existing ids (`ON CONFLICT DO NOTHING`) and compares their
 * content with what is stored: identical is an idempotent re-submit, anything
 * else a `CONFLICT` that rolls everything back. A repeated id inside one batch
 * is handled the same way (the first copy is inserted, later ones compared).
 * With a guard, the transaction takes the guard's lock and runs its check
 * before inserting. With a peer checkpoint, the same transaction records the
 * peer's cursor (and its quarantined deltas) after inserting.
 */
export const appendDeltas = async (
  runner: SqlRunner,
  deltas: readonly Delta[],
  options: AppendOptions = {},
): Promise<AppendOutcome[]> => {
  const { guard, peer } = options;
  if (deltas.length === 0 && peer === undefined) return [];
  const json = deltasJson(deltas);
  if (guard === undefined && peer === undefined) {
    try {
      // One statement is atomic on its own: no BEGIN/COMMIT round trips on the common path.
      const inserted = await runner.rows<InsertedRow>(insertStatement(json, sql``));
      return matchInserted(deltas, inserted) as AppendOutcome[];
    } catch (error) {
      if (sqlStateOf(error) !== UNIQUE_VIOLATION) throw error;
    }
  }
  return runner.transaction(async (tx) => {
    if (guard !== undefined) await holdGuard(tx, guard);
    const inserted = await tx.rows<InsertedRow>(insertStatement(json, sql`ON CONFLICT (id) DO NOTHING`));
    const outcomes = matchInserted(deltas, inserted);
    const skipped = deltas.flatMap((delta, i) =>
      outcomes[i] === undefined ? [asGiven(delta, options.defaulted?.[i])] : [],
    );
    const existing = skipped.length === 0 ? [] : await compareWithStored(tx, skipped);
    if (peer !== undefined) await writePeerCheckpoint(tx, peer);
    let next = 0;
    return outcomes.map((outcome) => outcome ?? (existing[next++] as AppendOutcome));
  });
};

const holdGuard = async (tx: SqlRunner, guard: AppendGuard) => {
  await tx.rows(sql`SELECT pg_advisory_xact_lock(hashtext(${guard.key}))::text AS locked`);
  await guard.check({ byEntities: (ids) => readByEntities(tx, ids) });
};

/** Outcomes in input order for the rows the insert returned; undefined where a delta was skipped. */
const matchInserted = (deltas: readonly Delta[], inserted: readonly InsertedRow[]) => {
  const rows = new Map(inserted.map((row) => [row.id, row]));
  return deltas.map((delta): AppendOutcome | undefined => {
    const row = rows.get(delta.id);
    if (row === undefined) return undefined;
    rows.delete(delta.id); // a later copy of the same id was not the one inserted
    return { id: delta.id, position: BigInt(row.position), txid: BigInt(row.txid), inserted: true, delta };
  });
};

/** What the client gave: server-filled fields become null, which the comparison reads as "any". */
const asGiven = (delta: Delta, defaulted: readonly DefaultedField[] | undefined) => {
  if (defaulted === undefined || defaulted.length === 0) return delta;
  const given: Record<string, unknown> = { ...delta };
  for (const field of defaulted) given[field] = null;
  return given;
};

/** Looks up the stored rows for ids that were not inserted; throws `CONFLICT` when one differs. */
const compareWithStored = async (tx: SqlRunner, skipped: readonly object[]): Promise<AppendOutcome[]> => {
  const rows = await tx.rows<ExistingRow>(sql`
    SELECT input.id, stored.position::text AS position, stored.txid::text AS txid,
      (stored.creator = input.creator
        AND (input.host IS NULL OR stored.host = input.host)
        AND (input.time_created IS NULL OR stored.time_created = input.time_created)
        AND stored.pointers = input.pointers) AS same,
      stored.creator, stored.host, stored.time_created::text AS time_created, stored.pointers
    FROM ${deltaRecords(JSON.stringify(skipped))}
    LEFT JOIN deltas AS stored ON stored.id = input.id
    ORDER BY input.ord`);
  return rows.map((row) => {
    if (row.position === null || row.txid === null) {
      // ON CONFLICT only skips rows whose conflicting twin has committed, so this cannot happen.
      throw new RhizomeError('INTERNAL_SERVER_ERROR', `Delta "${row.id}" was neither inserted nor found.`);
    }
    if (row.same !== true) {
      throw new RhizomeError(
        'CONFLICT',
        `Delta "${row.id}" already exists with different content; a delta is immutable, so give the new one another id.`,
        { details: { id: row.id } },
      );
    }
    return {
      id: row.id,
      position: BigInt(row.position),
      txid: BigInt(row.txid),
      inserted: false,
      delta: toDelta(row),
    };
  });
};
