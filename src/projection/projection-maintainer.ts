import { negatedIds } from '../delta/delta.js';
import { loadClosures } from '../engine/load-closures.js';
import type { Model } from '../model/model.js';
import type { DeltaStore, FeedEntry } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import type { MaintainerSession, ProjectionCheckpoint, ProjectionStore } from '../store/projection-store.js';
import { affectedEntities } from './affected-entities.js';
import { projectionOf, type TypeProjection } from './projection-shape.js';
import { type ResolveFailure, resolveRows } from './resolve-rows.js';
import { startTableBuild, type TableBuild } from './table-build.js';
import { createWakeup } from './wakeup.js';

/** The subset of a pino logger the maintainer uses. */
export interface MaintainerLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface MaintainerOptions {
  readonly store: DeltaStore;
  readonly projections: ProjectionStore;
  readonly model: Model;
  readonly logger: MaintainerLogger;
  /** Feed entries folded per transaction. @default 2000 */
  readonly batchSize?: number;
  /** Candidate members per transaction of a build from the log. @default 2000 */
  readonly buildChunk?: number;
  /** How often an instance without the lock tries to take it over. @default 1000 */
  readonly takeOverMs?: number;
  /** Safety poll while idle, for wake-ups that never come. @default 1000 */
  readonly idleMs?: number;
}

/**
 * `following`: another instance (or nobody yet) holds the lock; try every
 * `takeOverMs`. `maintaining`: this instance holds it and folds the feed into
 * the projection tables. `stopped`: for good.
 */
export type MaintainerState = 'following' | 'maintaining' | 'stopped';

export interface ProjectionMaintainer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Declarations changed: build the new shapes beside the old ones, then retire the old. */
  setModel(model: Model): void;
  readonly state: MaintainerState;
}

const HELD_BACK_FIRST_MS = 5;

const cursorKey = (cursor: FeedCursor) => `${cursor.txid}:${cursor.position}`;
const atStart = (cursor: FeedCursor) => cursor.txid === 0n && cursor.position === 0n;

/**
 * Keeps every declared type's projection table current from the feed, exactly
 * once (docs/design.md §8). One instance per database maintains at a time: it
 * holds an advisory lock on a session of its own; the others try to take over.
 * Each batch reads the log after the checkpoint in feed order, re-resolves the
 * entities it affects, and writes their rows and the new checkpoint in one
 * transaction (compare-and-set on the old checkpoint), so a crash mid-batch
 * loses nothing and a batch is never applied twice. A table that is not ready
 * and still at the start of the log is first built set-based up to a horizon
 * (`startTableBuild`), a chunk per pass, so the other tables keep being folded.
 */
export function createProjectionMaintainer(options: MaintainerOptions): ProjectionMaintainer {
  const { store, projections, logger } = options;
  const batchSize = options.batchSize ?? 2000;
  const takeOverMs = options.takeOverMs ?? 1000;
  const idleMs = options.idleMs ?? 1000;
  let state: MaintainerState = 'following';
  let current = options.model.entities.map(projectionOf);
  /** Tables of an earlier model, still maintained until their replacement is ready. */
  let retiring: TypeProjection[] = [];
  const prepared = new Set<string>();
  const buildStarted = new Map<string, number>();
  /** Builds in progress on this session, by table. */
  const builds = new Map<string, TableBuild>();
  /**
   * Ids of every negated delta, while this instance holds the lock: read when it takes the lock,
   * then grown by each batch's negations before its closures load (and by each build's read at its
   * horizon), so it covers every entry up to the batch. A closure then asks for the negations of
   * these deltas only, instead of probing the log for every loaded delta's (docs/design.md §8).
   */
  let negated = new Set<string>();
  const wakeup = createWakeup();
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  const stopped = () => state === 'stopped';
  const maintained = () => [...current, ...retiring];

  const prepareAll = async () => {
    for (const projection of maintained()) {
      if (prepared.has(projection.tableName)) continue;
      await projections.prepare(projection);
      prepared.add(projection.tableName);
    }
  };

  const resolveFailed: ResolveFailure = ({ entity, type, error }) =>
    logger.warn({ err: error, entity, type }, 'resolving a projection row failed; its row is unchanged');

  /** One chunk of the table's build from the log; false when there is nothing to build (empty log). */
  const build = async (session: MaintainerSession, projection: TypeProjection): Promise<boolean> => {
    let running = builds.get(projection.tableName);
    if (!running) {
      const started = await startTableBuild({
        store,
        projections,
        session,
        projection,
        onFailure: resolveFailed,
        negated,
        ...(options.buildChunk ? { chunkSize: options.buildChunk } : {}),
      });
      if (!started) return false;
      running = started;
      builds.set(projection.tableName, running);
    }
    if (await running.step()) {
      builds.delete(projection.tableName);
      logger.info(
        { projection: projection.typeName, ms: Date.now() - (buildStarted.get(projection.tableName) ?? 0) },
        'projection loaded up to its horizon; folding the rest of the log',
      );
    }
    return true;
  };

  const fold = async (
    session: MaintainerSession,
    group: readonly TypeProjection[],
    from: FeedCursor,
    entries: readonly FeedEntry[],
  ) => {
    const to = (entries.at(-1) as FeedEntry).cursor;
    const deltas = entries.map((entry) => entry.delta);
    for (const delta of deltas) for (const id of negatedIds(delta)) negated.add(id);
    const ids = await affectedEntities(store, deltas);
    const closures = ids.length === 0 ? new Map() : await loadClosures(store, ids, { negated });
    const changes = resolveRows(group, closures, resolveFailed);
    // Sent together: the statements go out pipelined on the session's connection, one round trip
    // instead of one per table, and a batch's time is most of the projection lag (docs/design.md §8).
    await session.batch(async (batch) => {
      await Promise.all([
        ...group.map((projection) => {
          const { upserts, removals } = changes.get(projection.tableName) ?? { upserts: [], removals: [] };
          return batch.fold(projection, { from, to, deltas: entries.length, upserts, removals });
        }),
        batch.announce(to),
      ]);
    });
  };

  /** A table reached the end of the log: readers may use it, and what it replaces goes. */
  const caughtUp = async (
    session: MaintainerSession,
    projection: TypeProjection,
    checkpoint: ProjectionCheckpoint,
    all: readonly ProjectionCheckpoint[],
  ) => {
    if (!checkpoint.ready) {
      await session.batch(async (batch) => {
        await batch.index(projection);
        await batch.advance(projection.tableName, checkpoint.cursor, checkpoint.cursor, {
          members: 0,
          deltas: 0,
          ready: true,
        });
        // Lists keep checkpoints until an announcement (checkpoint-cache.ts): this one says "ready".
        await batch.announce(checkpoint.cursor);
      });
      const started = buildStarted.get(projection.tableName) ?? Date.now();
      logger.info(
        { projection: projection.typeName, deltas: checkpoint.deltas, ms: Date.now() - started },
        'projection built',
      );
    }
    if (!current.includes(projection)) return;
    const keep = new Set(current.map((p) => p.tableName));
    for (const other of all) {
      if (other.typeName !== projection.typeName || keep.has(other.tableName)) continue;
      await projections.drop(other.tableName);
      prepared.delete(other.tableName);
      retiring = retiring.filter((p) => p.tableName !== other.tableName);
      logger.info({ projection: other.typeName, table: other.tableName }, 'projection retired');
    }
  };

  /**
   * One pass over every maintained table: `folded` when it wrote anything,
   * `heldBack` when committed deltas wait behind an older open transaction
   * (perhaps in another database of the cluster, so no NOTIFY marks its end).
   */
  const step = async (session: MaintainerSession): Promise<{ folded: boolean; heldBack: boolean }> => {
    await prepareAll();
    const all = await projections.checkpoints();
    const byTable = new Map(all.map((checkpoint) => [checkpoint.tableName, checkpoint]));
    const groups = new Map<string, { cursor: FeedCursor; members: TypeProjection[] }>();
    let folded = false;
    for (const tableName of builds.keys()) {
      if (!maintained().some((p) => p.tableName === tableName)) builds.delete(tableName);
    }
    for (const projection of maintained()) {
      const checkpoint = byTable.get(projection.tableName);
      if (!checkpoint) continue;
      if (!checkpoint.ready && !buildStarted.has(projection.tableName))
        buildStarted.set(projection.tableName, Date.now());
      if (!checkpoint.ready && atStart(checkpoint.cursor) && (await build(session, projection))) {
        folded = true;
        continue;
      }
      const key = cursorKey(checkpoint.cursor);
      const group = groups.get(key) ?? { cursor: checkpoint.cursor, members: [] };
      group.members.push(projection);
      groups.set(key, group);
    }
    let heldBack = false;
    for (const { cursor, members } of groups.values()) {
      const after = atStart(cursor) ? null : cursor;
      const entries = await store.since(after, batchSize);
      if (entries.length > 0) {
        await fold(session, members, cursor, entries);
        folded = true;
        continue;
      }
      if (await store.heldBack?.(after)) heldBack = true;
      for (const projection of members) {
        await caughtUp(session, projection, byTable.get(projection.tableName) as ProjectionCheckpoint, all);
      }
    }
    return { folded, heldBack };
  };

  const maintain = async (session: MaintainerSession) => {
    if (stopped()) return; // stop() came while the lock was being taken
    state = 'maintaining';
    logger.info({}, 'projection maintainer took the lock');
    negated = new Set(await projections.negatedIds());
    // Re-reads held-back deltas soon, doubling the delay up to the idle poll (as the feed does).
    let retryMs = HELD_BACK_FIRST_MS;
    while (state === 'maintaining') {
      const { folded, heldBack } = await step(session);
      if (folded) continue;
      if (heldBack) {
        await wakeup.wait(retryMs);
        retryMs = Math.min(retryMs * 2, idleMs);
      } else {
        retryMs = HELD_BACK_FIRST_MS;
        await wakeup.wait(idleMs);
      }
    }
  };

  const run = async () => {
    while (!stopped()) {
      let session: MaintainerSession | undefined;
      try {
        session = await projections.openSession();
        if (await session.tryLock()) await maintain(session);
      } catch (error) {
        if (!stopped()) logger.warn({ err: error }, 'projection maintenance stopped; retrying');
      } finally {
        if (state === 'maintaining') state = 'following';
        prepared.clear();
        builds.clear();
        negated = new Set();
        await session?.close().catch(() => undefined);
      }
      if (!stopped()) await wakeup.wait(takeOverMs);
    }
  };

  return {
    async start() {
      const listening = await store.listen(() => wakeup.wake());
      unlisten = () => listening.unlisten();
      loop = run();
    },
    async stop() {
      state = 'stopped';
      wakeup.wake();
      await loop;
      await unlisten?.();
    },
    setModel(model) {
      const next = model.entities.map(projectionOf);
      const kept = new Set(next.map((p) => p.tableName));
      retiring = [...retiring, ...current].filter((p) => !kept.has(p.tableName));
      current = next;
      wakeup.wake();
    },
    get state() {
      return state;
    },
  };
}
