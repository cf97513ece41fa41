import { sql } from 'drizzle-orm';
import { RhizomeError } from '../errors.js';
import type { Listening } from './delta-store.js';
import type { FeedCursor } from './feed-cursor.js';
import { cleanPendingList, readCandidates, readClosureRound, readNegatedIds } from './projection-build.js';
import { readCheckpoints } from './projection-checkpoints.js';
import { dropProjection, prepareProjection } from './projection-ddl.js';
import { countProjection, readProjectionPage } from './projection-page.js';
import type { MaintainerSession, ProjectionStore } from './projection-store.js';
import { createProjectionBatch } from './projection-write.js';
import type { SqlRunner } from './sql-runner.js';
import { guard } from './store-error.js';

/** A connection reserved for one maintainer; ending it releases its session-level lock. */
export interface SessionConnection {
  readonly runner: SqlRunner;
  /**
   * Whether the lock must be re-checked before each batch: a pooled
   * connection can be cut off and silently replaced, losing the lock.
   * PGlite has one session in one process, so it needs no check.
   */
  readonly mayLoseLock: boolean;
  close(): Promise<void>;
}

export interface ProjectionBackend {
  readonly runner: SqlRunner;
  openSession(): Promise<SessionConnection>;
  /** LISTENs on `rhizome_projection`; calls back with each payload. */
  listen(onPayload: (payload: string) => void): Promise<Listening>;
}

/** The maintainer lock, as two int4 keys so pg_locks shows them plainly (classid, objid). */
const LOCK_CLASS = 7311930;
const LOCK_OBJECT = 2;

const CURSOR = /^(\d+):(\d+)$/;
const parseCursor = (payload: string): FeedCursor | undefined => {
  const match = CURSOR.exec(payload);
  return match?.[1] && match[2] ? { txid: BigInt(match[1]), position: BigInt(match[2]) } : undefined;
};

const openMaintainerSession = (connection: SessionConnection): MaintainerSession => {
  const { runner } = connection;
  return {
    tryLock: () =>
      guard(async () => {
        const [row] = await runner.rows<{ locked: boolean }>(
          sql`SELECT pg_try_advisory_lock(${String(LOCK_CLASS)}::text::int, ${String(LOCK_OBJECT)}::text::int) AS locked`,
        );
        return row?.locked === true;
      }),
    batch: (work) =>
      guard(() =>
        runner.transaction(async (tx) => {
          if (!connection.mayLoseLock) return work(createProjectionBatch(tx));
          // The check and the work go out together (one round trip); without the lock, the
          // transaction rolls back whatever the work wrote.
          const held = tx.rows<{ held: boolean }>(sql`
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND pid = pg_backend_pid() AND classid = ${String(LOCK_CLASS)}::text::oid
              AND objid = ${String(LOCK_OBJECT)}::text::oid AND objsubid = 2) AS held`);
          const worked = work(createProjectionBatch(tx));
          worked.catch(() => undefined); // a lost lock is the error that counts
          const [row] = await held;
          if (row?.held !== true) {
            throw new RhizomeError(
              'SERVICE_UNAVAILABLE',
              'This instance no longer holds the maintainer lock.',
            );
          }
          await worked;
        }),
      ),
    close: () => guard(() => connection.close()),
  };
};

/** Builds the `ProjectionStore` of a backend; every driver error leaves as a `RhizomeError`. */
export const createProjectionStore = (backend: ProjectionBackend): ProjectionStore => {
  const { runner } = backend;
  return {
    prepare: (shape) => guard(() => prepareProjection(runner, shape)),
    drop: (tableName) => guard(() => dropProjection(runner, tableName)),
    checkpoints: () => guard(() => readCheckpoints(runner)),
    checkpoint: (tableName) => guard(async () => (await readCheckpoints(runner, tableName))[0]),
    page: (shape, query) => guard(() => readProjectionPage(runner, shape, query)),
    count: (shape, where) => guard(() => countProjection(runner, shape, where)),
    referencing: (entityIds) => guard(() => readClosureRound(runner, entityIds)),
    candidates: (localContext) => guard(() => readCandidates(runner, localContext)),
    negatedIds: () => guard(() => readNegatedIds(runner)),
    tidyIndex: () => guard(() => cleanPendingList(runner)),
    listen: (onCheckpoint) =>
      guard(() =>
        backend.listen((payload) => {
          const cursor = parseCursor(payload);
          if (cursor) onCheckpoint(cursor);
        }),
      ),
    openSession: () => guard(async () => openMaintainerSession(await backend.openSession())),
  };
};
