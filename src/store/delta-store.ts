import type { Delta } from '../delta/delta.js';
import type { ProjectionStore } from './projection-store.js';

/**
 * A place in the feed. Feed order is `(txid, position)`: the inserting
 * transaction's `xid8`, then the row's sequence position (DESIGN.md §5.3).
 */
export interface FeedCursor {
  readonly txid: bigint;
  readonly position: bigint;
}

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
}

export interface DeltaFilter {
  /** Deltas with a pointer that references this entity id. */
  readonly entity?: string;
  readonly creator?: string;
  /** Only deltas with `timeCreated >= since` (ms). */
  readonly since?: number;
}

export interface ByEntityOptions {
  /** Only deltas whose entity pointer to this entity carries this targetContext. */
  readonly property?: string;
  /** Only deltas with `timeCreated <= asOf` (ms). */
  readonly asOf?: number;
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
  /**
   * Stores deltas in one transaction, all or nothing. Identical re-submits are
   * no-ops; the same id with other content is a `CONFLICT`. Sends a NOTIFY
   * carrying only the new high position when the transaction commits.
   */
  append(deltas: readonly Delta[]): Promise<AppendOutcome[]>;
  get(id: string): Promise<Delta | undefined>;
  getMany(ids: readonly string[]): Promise<Delta[]>;
  byEntity(entityId: string, options?: ByEntityOptions): Promise<Delta[]>;
  /** Every delta with a pointer that references any of these ids (one round trip). */
  byEntities(entityIds: readonly string[]): Promise<Delta[]>;
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
  /** LISTENs for commits by any instance. */
  listen(onWake: WakeListener): Promise<Listening>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The per-type projection tables in the same database (docs/design.md §8); absent in test doubles. */
  readonly projections?: ProjectionStore;
}
