import { type SQL, sql } from 'drizzle-orm';
import type { Delta, Pointer } from '../delta/delta.js';
import type { FeedEntry } from './delta-store.js';
import type { FeedCursor } from './feed-cursor.js';

/**
 * What the shared queries select. Numbers that can exceed 2^53 (positions,
 * transaction ids) come back as text so both drivers hand over the same
 * strings, whatever their type parsers do with int8.
 */
export interface DeltaRow extends Record<string, unknown> {
  id: string;
  creator: string;
  host: string;
  time_created: string;
  pointers: Pointer[];
}

export interface FeedRow extends DeltaRow {
  txid: string;
  position: string;
}

export interface CursorRow extends Record<string, unknown> {
  txid: string;
  position: string;
}

/** The select list for a whole delta. */
export const deltaColumns: SQL = sql.raw('id, creator, host, time_created::text AS time_created, pointers');

/** The select list for a feed entry: the delta plus its cursor. */
export const feedColumns: SQL = sql.raw(
  'txid::text AS txid, position::text AS position, id, creator, host, time_created::text AS time_created, pointers',
);

export const toDelta = (row: DeltaRow): Delta => ({
  id: row.id,
  creator: row.creator,
  host: row.host,
  timeCreated: Number(row.time_created),
  pointers: row.pointers,
});

export const toCursor = (row: CursorRow): FeedCursor => ({
  txid: BigInt(row.txid),
  position: BigInt(row.position),
});

export const toFeedEntry = (row: FeedRow): FeedEntry => ({ cursor: toCursor(row), delta: toDelta(row) });

/**
 * Deltas as one JSON parameter, the shape `jsonb_to_recordset` reads in
 * append and conflict checks. Validated deltas carry exactly the wire keys, so
 * they are serialised as they are (no copy: this is on the ingest hot path).
 */
export const deltasJson = (deltas: readonly Delta[]): string => JSON.stringify(deltas);

/**
 * A `FROM` item named `input` that expands a `deltasJson` parameter into rows
 * (`id, creator, host, time_created, pointers, ord`), `ord` counting from 1 in
 * input order. One text parameter however many deltas: no 65,535-parameter
 * ceiling, and the server parses the JSON once.
 */
export const deltaRecords = (json: string): SQL => sql`ROWS FROM (
  jsonb_to_recordset(${json}::text::jsonb)
    AS (id text, creator text, host text, "timeCreated" bigint, pointers jsonb)
) WITH ORDINALITY AS input (id, creator, host, time_created, pointers, ord)`;
