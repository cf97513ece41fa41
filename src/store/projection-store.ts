import type { Delta } from '../delta/delta.js';
import type { Listening } from './delta-store.js';
import type { FeedCursor } from './feed-cursor.js';

/**
 * What a projection table holds, in SQL terms (docs/design.md §8). Derived
 * from an entity declaration outside the store; the store only turns it into
 * DDL and queries, so the SQL lives in one layer.
 */
export interface ProjectionShape {
  /** The table, e.g. `proj_person_3f9a…`; a new shape gets a new table. */
  readonly tableName: string;
  readonly typeName: string;
  /** A digest of everything that decides the rows (collection, properties, resolvers). */
  readonly shape: string;
  readonly columns: readonly ProjectionColumn[];
}

/**
 * `text` columns hold strings under `COLLATE "C"` (code point order, as in
 * memory); `list` columns are `text[]` of element keys under GIN.
 */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'list';

export interface ProjectionColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Gets btree indexes in both directions (unresolved last, ties by id). */
  readonly sortable: boolean;
}

export type ColumnValue = string | number | boolean;

/** A filter over a projection table, with SQL's NULL made two-valued (an unresolved value matches nothing). */
export type Condition =
  | { readonly op: 'true' | 'false' }
  | { readonly op: 'and' | 'or'; readonly of: readonly Condition[] }
  | { readonly op: 'not'; readonly of: Condition }
  | { readonly op: 'isNull' | 'notNull'; readonly column: string }
  | {
      readonly op: 'eq' | 'distinct' | 'lt' | 'lte' | 'gt' | 'gte';
      readonly column: string;
      readonly value: ColumnValue;
    }
  | { readonly op: 'in'; readonly column: string; readonly values: readonly ColumnValue[] }
  | { readonly op: 'substring'; readonly column: string; readonly value: string }
  /** A list column has this element key (`null`: a null element). */
  | { readonly op: 'has'; readonly column: string; readonly value: string | null };

/** The key of the last row of the previous page. */
export interface PageAfter {
  readonly key: ColumnValue | null;
  readonly id: string;
}

export interface PageQuery {
  readonly where: Condition;
  /** `id` or a sortable column. */
  readonly orderBy: string;
  readonly descending: boolean;
  readonly after: PageAfter | null;
  /** Rows to return (the caller asks for one more to learn `hasNextPage`). */
  readonly limit: number;
}

export interface ProjectionRow {
  readonly id: string;
  /** The entity's resolved values as the in-memory views give them. */
  readonly view: Readonly<Record<string, unknown>>;
  /** The value of the ordering column (`id` order: the id). */
  readonly key: ColumnValue | null;
}

export interface RowInput {
  readonly id: string;
  readonly view: Readonly<Record<string, unknown>>;
  /** Per column name; absent or null means unresolved. */
  readonly columns: Readonly<Record<string, ColumnValue | readonly (string | null)[] | null>>;
}

export interface ProjectionCheckpoint {
  readonly tableName: string;
  readonly typeName: string;
  readonly shape: string;
  readonly cursor: FeedCursor;
  readonly members: number;
  readonly deltas: number;
  readonly ready: boolean;
}

/** The writes of one maintenance batch, all in one transaction with its checkpoint. */
export interface ProjectionBatch {
  /**
   * A build's rows, into the table its build emptied: each member once, so
   * a row that exists already is a fault and fails the batch (the speculative
   * insertion of an upsert cost about 8% of the statement for nothing).
   */
  insert(shape: ProjectionShape, rows: readonly RowInput[]): Promise<void>;
  /**
   * One fold of the log into a table, in one statement: the rows upserted,
   * the removed ids' rows deleted, and the checkpoint moved from `from` to
   * `to` with the change in members counted by the database (compare-and-set:
   * `CONFLICT` when another maintainer moved it first).
   */
  fold(
    shape: ProjectionShape,
    change: {
      readonly from: FeedCursor;
      readonly to: FeedCursor;
      readonly deltas: number;
      readonly upserts: readonly RowInput[];
      readonly removals: readonly string[];
    },
  ): Promise<void>;
  /**
   * Moves a checkpoint from `from` to `to` (compare-and-set: throws `CONFLICT`
   * when another maintainer moved it first, which rolls the batch back).
   */
  advance(
    tableName: string,
    from: FeedCursor,
    to: FeedCursor,
    change: { members: number; deltas: number; ready?: boolean },
  ): Promise<void>;
  /** `NOTIFY rhizome_projection, '<txid>:<position>'`, delivered when the batch commits. */
  announce(cursor: FeedCursor): Promise<void>;
  /** A build starts: the table is emptied (a killed build's rows go) and loses its secondary indexes. */
  clear(shape: ProjectionShape): Promise<void>;
  /** Creates the secondary indexes that are missing (a table turning ready has them all). */
  index(shape: ProjectionShape): Promise<void>;
  /**
   * A build ends: its checkpoint moves from the start of the log to `horizon`,
   * with the table's row count and the log entries up to `horizon`, still not
   * ready (compare-and-set: `CONFLICT` when it is no longer at the start).
   */
  settle(shape: ProjectionShape, horizon: FeedCursor): Promise<void>;
}

/** A connection of its own that holds the maintainer lock while it lives. */
export interface MaintainerSession {
  /** Takes the per-database maintainer lock without waiting; true when this session holds it. */
  tryLock(): Promise<boolean>;
  /** Runs one batch in a transaction on this session, after checking the lock is still held. */
  batch(work: (batch: ProjectionBatch) => Promise<void>): Promise<void>;
  /** Ends the session, which releases the lock. */
  close(): Promise<void>;
}

/** Projection tables in the same database as the deltas, for both drivers. */
export interface ProjectionStore {
  /** Creates the table, its indexes and its checkpoint row when missing. */
  prepare(shape: ProjectionShape): Promise<void>;
  drop(tableName: string): Promise<void>;
  checkpoints(): Promise<ProjectionCheckpoint[]>;
  checkpoint(tableName: string): Promise<ProjectionCheckpoint | undefined>;
  /** One page in the query's order, unresolved keys last, ties by id: a bounded few indexed queries. */
  page(shape: ProjectionShape, query: PageQuery): Promise<ProjectionRow[]>;
  count(shape: ProjectionShape, where: Condition): Promise<number>;
  /**
   * Every delta that references any of these ids, for a build's closure loads:
   * like `DeltaStore.byEntities`, planned for thousands of ids.
   */
  referencing(entityIds: readonly string[]): Promise<Delta[]>;
  /** A build's candidate members: every entity referenced with this `localContext`, in log order. */
  candidates(localContext: string): Promise<string[]>;
  /** Ids of every delta that some delta negates, negated or not. */
  negatedIds(): Promise<string[]>;
  /** Best effort: merges pending index entries, so that a build's probes stay cheap. */
  tidyIndex(): Promise<void>;
  /** Calls back with every checkpoint a maintainer announces (any instance). */
  listen(onCheckpoint: (cursor: FeedCursor) => void): Promise<Listening>;
  openSession(): Promise<MaintainerSession>;
}

export const PROJECTION_CHANNEL = 'rhizome_projection';
