import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { Pointer } from '../delta/delta.js';

/**
 * `xid8`, the 64-bit transaction id of `pg_current_xact_id()`. Drizzle has no
 * built-in for it; both drivers hand it over as a decimal string.
 */
const xid8 = customType<{ data: bigint; driverData: string }>({
  dataType: () => 'xid8',
  toDriver: (value) => value.toString(),
  fromDriver: (value) => BigInt(value),
});

/**
 * The append-only delta log, the single source of the SQL schema (drizzle-kit
 * generates `migrations/` from this file; a test fails when they drift).
 *
 * Indexes, and why each one:
 * - `id` primary key: idempotent re-submits and `get(id)`.
 * - `(txid, position)`: the feed reads strictly after a `(txid, position)`
 *   cursor below `pg_snapshot_xmin` (docs/design.md §5.3). No separate index on
 *   `position`: nothing looks a row up by position alone, and every extra
 *   btree slows ingest.
 * - GIN `jsonb_path_ops` on `pointers`: "deltas by entity", "by entity and
 *   property" and "entities referenced with localContext X" are all jsonb
 *   containment (`pointers @> '[{"target":{"id":"e"}}]'`). Measured against a
 *   side table of references with two btrees, it ingests ~1.5x faster, keeps
 *   one table and one insert, and `fastupdate` batches its work. The
 *   pending list is capped at 64 kB (PostgreSQL's minimum; default 4 MB)
 *   because every read scans it: at 4 MB a by-entity lookup took ~2.8 ms
 *   instead of ~0.5 ms, and at 256 kB the projection's closure loads under a
 *   steady 200 deltas/s took 21 ms a fold instead of 4 (migration 0004).
 *   `fastupdate` off measured the same for reads but imported a third slower:
 *   keys every delta shares (`localContext` values) then contend per insert.
 * - `(creator, txid, position)` and `(time_created, txid, position)`:
 *   `deltas(creator:)` and `deltas(since:)` walk these in feed order instead
 *   of scanning the log (docs/design.md §5, invariant 4).
 */
export const deltas = pgTable(
  'deltas',
  {
    position: bigint('position', { mode: 'bigint' }).generatedAlwaysAsIdentity().notNull(),
    id: text('id').primaryKey(),
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
    creator: text('creator').notNull(),
    host: text('host').notNull(),
    timeCreated: bigint('time_created', { mode: 'number' }).notNull(),
    pointers: jsonb('pointers').$type<Pointer[]>().notNull(),
  },
  (table) => [
    index('deltas_feed_idx').on(table.txid, table.position),
    index('deltas_pointers_idx')
      .using('gin', sql`${table.pointers} jsonb_path_ops`)
      .with({ gin_pending_list_limit: 64 }),
    index('deltas_creator_idx').on(table.creator, table.txid, table.position),
    index('deltas_time_idx').on(table.timeCreated, table.txid, table.position),
  ],
);

/**
 * One row per projection table (docs/design.md §8): which type and shape it
 * materialises and the feed position its rows reflect. The maintainer moves
 * `txid`/`position` in the same transaction as the rows, so a row set and its
 * checkpoint never disagree. `members` counts the table's rows (an unfiltered
 * `totalCount`); `deltas` counts the feed entries folded in so far (the
 * generic `deltas.totalCount`). The projection tables themselves are created
 * from the model at start, not here: declarations are their only source.
 */
export const projectionCheckpoints = pgTable('projection_checkpoints', {
  tableName: text('table_name').primaryKey(),
  typeName: text('type_name').notNull(),
  shape: text('shape').notNull(),
  txid: xid8('txid').notNull().default(sql`'0'::xid8`),
  position: bigint('position', { mode: 'bigint' }).notNull().default(sql`0`),
  members: bigint('members', { mode: 'bigint' }).notNull().default(sql`0`),
  deltas: bigint('deltas', { mode: 'bigint' }).notNull().default(sql`0`),
  /** True once the table has caught up with the log after its (re)build: readers may use it. */
  ready: boolean('ready').notNull().default(false),
});

/**
 * Peering (docs/design.md §7): per followed peer, the peer's feed cursor this
 * node has applied up to. Written in the same transaction as the deltas it
 * covers, so a crash neither skips nor re-applies a batch.
 */
export const peerCursors = pgTable('peer_cursors', {
  peer: text('peer').primaryKey(),
  cursor: text('cursor').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Deltas a peer sent whose id exists here with other content (docs/design.md
 * §7): both versions are kept aside, the local one stays in `deltas`.
 * One row per (id, peer), so re-delivery after a crash adds nothing.
 */
export const quarantine = pgTable(
  'quarantine',
  {
    id: text('id').notNull(),
    peer: text('peer').notNull(),
    localDelta: jsonb('local_delta').notNull(),
    remoteDelta: jsonb('remote_delta').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.id, table.peer] })],
);
