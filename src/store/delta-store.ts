import type { Delta } from '../delta/delta.js';
import type { FeedCursor } from './feed-cursor.js';
import type { ProjectionStore } from './projection-store.js';
import type { MigrationState } from './read-migrations.js';

export interface FeedEntry {
  readonly cursor: FeedCursor;
  readonly delta: Delta;
}

export interface AppendOutcome {
  readonly id: string;
  readonly position: bigint;
  /**
   * The inserting transaction's id: with `position`, where the delta sits in
   * feed order (read-your-writes waits for a projection to pass it). Both real
   * backends set it; optional only for test doubles.
   */
  readonly txid?: bigint;
  /** False when an identical delta with this id was already stored (idempotent re-submit). */
  readonly inserted: boolean;
  /** The delta as stored: for a re-submit, the stored one, with the host and time it was first given. */
  readonly delta: Delta;
}

/** A field the server filled in because the client left it out (docs/design.md §1). */
export type DefaultedField = 'host' | 'timeCreated';

/** What a guard may read inside the append's transaction: committed data, after its lock. */
export interface GuardReads {
  byEntities(entityIds: readonly string[]): Promise<Delta[]>;
}

/**
 * A precondition checked in the append's own transaction. Appends with the
 * same `key` run one at a time (`pg_advisory_xact_lock(hashtext(key))`), so a
 * check-then-insert such as "create only if absent" cannot race, on one
 * instance or many sharing the database.
 * @example { key: 'create:Person:ada', check: async (reads) => { if (exists(await reads.byEntities(['ada']))) throw conflict } }
 */
export interface AppendGuard {
  readonly key: string;
  /** Runs once the lock is held; throwing rolls the append back and rethrows. */
  check(reads: GuardReads): Promise<void>;
}

export interface AppendOptions {
  /**
   * Per delta, in input order: the fields the server filled in. A re-submit
   * of an existing id matches the stored delta whatever it holds there, so
   * a client can retry a delta it gave only an id (docs/design.md §1).
   */
  readonly defaulted?: readonly (readonly DefaultedField[] | undefined)[];
  readonly guard?: AppendGuard;
  /**
   * Following a peer (docs/design.md §7): the peer's cursor these deltas
   * bring this node up to, and any deltas of the peer put aside as conflicts,
   * written in the append's own transaction. With it, `deltas` may be empty.
   */
  readonly peer?: PeerCheckpoint;
}

/** A delta a peer sent whose id is stored here with other content. */
export interface QuarantinedDelta {
  readonly local: Delta;
  readonly remote: Delta;
}

export interface PeerCheckpoint {
  /** The peer's URL as configured: the key of its cursor. */
  readonly peer: string;
  /** The peer's opaque feed cursor of the last delta covered. */
  readonly cursor: string;
  /** @default [] */
  readonly quarantine?: readonly QuarantinedDelta[];
}

export interface QuarantineEntry extends QuarantinedDelta {
  readonly id: string;
  readonly peer: string;
  /** When it was put aside, ms since the epoch. */
  readonly at: number;
}

export interface DeltaFilter {
  /** Deltas with a pointer that references this entity id. */
  readonly entity?: string;
  readonly creator?: string;
  /** Only deltas with `timeCreated >= since` (ms). */
  readonly since?: number;
}

/** Called when another transaction may have committed new deltas; carries no data. */
export type WakeListener = () => void;

export interface Listening {
  /** Stops listening and releases the connection. */
  unlisten(): Promise<void>;
}

/**
 * The one contract both backends (postgres.js and embedded PGlite) fulfil.
 * Everything is parameterised; errors come out as `RhizomeError`s.
 */
export interface DeltaStore {
  /** Creates or upgrades the tables (drizzle-kit migrations). Idempotent. */
  migrate(): Promise<void>;
  /** Each shipped migration, applied or pending (optional only for test doubles). */
  migrations?(): Promise<MigrationState[]>;
  /**
   * Stores deltas in one transaction, all or nothing. Identical re-submits are
   * no-ops; the same id with other content is a `CONFLICT`. Sends a NOTIFY
   * carrying only the new high position when the transaction commits.
   */
  append(deltas: readonly Delta[], options?: AppendOptions): Promise<AppendOutcome[]>;
  get(id: string): Promise<Delta | undefined>;
  getMany(ids: readonly string[]): Promise<Delta[]>;
  /** Every delta with a pointer that references any of these ids (one round trip). */
  byEntities(entityIds: readonly string[]): Promise<Delta[]>;
  /**
   * `byEntities` limited to the deltas at or before `cursor` in feed order
   * (docs/design.md §9). Optional only for test doubles; both backends have it.
   */
  byEntitiesAt?(entityIds: readonly string[], cursor: FeedCursor): Promise<Delta[]>;
  /**
   * Whether every transaction up to the cursor's has ended (`settled`: the
   * deltas at or before it are final) and whether its transaction id was ever
   * handed out (`issued`). Optional only for test doubles.
   */
  cursorState?(cursor: FeedCursor): Promise<{ settled: boolean; issued: boolean }>;
  /** For each delta id, every stored delta that negates it (negated or not), in position order. */
  negatorsOf(deltaIds: readonly string[]): Promise<Delta[][]>;
  /** Ids of every entity referenced with this `localContext` (candidate members of a type). */
  referencedAs(localContext: string): Promise<string[]>;
  /**
   * Feed entries after `after` (exclusive; null = from the start) in feed order,
   * only from transactions below `pg_snapshot_xmin(pg_current_snapshot())`,
   * so a reader never skips a late commit.
   */
  since(after: FeedCursor | null, limit: number, filter?: DeltaFilter): Promise<FeedEntry[]>;
  /** The cursor of the last entry `since` can currently return, or null when empty. */
  head(): Promise<FeedCursor | null>;
  /**
   * True when deltas after `after` have committed but `since` still holds them
   * back because an older transaction is open. That transaction may be in
   * another database of the cluster or write no deltas, so no NOTIFY marks its
   * end: a feed reader that gets `true` should call `since` again shortly.
   * (Optional only so that test doubles written before it need no change;
   * both real backends implement it.)
   */
  heldBack?(after: FeedCursor | null): Promise<boolean>;
  /** How many committed deltas match (read-your-writes: no snapshot horizon, unlike `since`). */
  count(filter?: DeltaFilter): Promise<number>;
  /** The stored cursor of a followed peer, or null before the first batch from it. */
  peerCursor(peer: string): Promise<string | null>;
  /** Every followed peer's stored cursor and when it last moved (optional only for test doubles). */
  peerCursors?(): Promise<{ peer: string; cursor: string; updatedAt: number }[]>;
  /** Deltas peers sent that conflicted with stored ones, oldest first. */
  quarantined(): Promise<QuarantineEntry[]>;
  /** LISTENs for commits by any instance. */
  listen(onWake: WakeListener): Promise<Listening>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The per-type projection tables in the same database (docs/design.md §8); absent in test doubles. */
  readonly projections?: ProjectionStore;
}
