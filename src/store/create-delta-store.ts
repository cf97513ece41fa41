import { sql } from 'drizzle-orm';
import { appendDeltas } from './append-deltas.js';
import { createCoalescedNotify } from './coalesced-notify.js';
import { countDeltas } from './count-deltas.js';
import type { DeltaStore, Listening, WakeListener } from './delta-store.js';
import { readPeerCursor, readPeerCursors, readQuarantine } from './peer-checkpoint.js';
import type { ProjectionStore } from './projection-store.js';
import { readCursorState } from './read-at-cursor.js';
import { readByEntities } from './read-by-entities.js';
import { readByIds } from './read-by-ids.js';
import { readHead } from './read-head.js';
import { readHeldBack } from './read-held-back.js';
import { readMigrations } from './read-migrations.js';
import { readNegators } from './read-negators.js';
import { readReferencedAs } from './read-referenced-as.js';
import { readSince } from './read-since.js';
import type { SqlRunner } from './sql-runner.js';
import { guard } from './store-error.js';

const selectOne = sql`SELECT 1`;

/** What a backend supplies: a way to run SQL plus the few things that differ per driver. */
export interface StoreBackend {
  readonly runner: SqlRunner;
  migrate(): Promise<void>;
  /** Subscribes to the feed channel; calls `onWake` once listening (and after every reconnect). */
  listen(onWake: WakeListener): Promise<Listening>;
  close(): Promise<void>;
  /** Runs after every successful append (housekeeping a server would leave to autovacuum). */
  afterAppend?(): Promise<void>;
  readonly projections?: ProjectionStore;
}

/**
 * Builds a `DeltaStore` from a backend. All query logic lives in the shared
 * per-operation modules; every driver error leaves as a `RhizomeError`.
 */
export const createDeltaStore = (backend: StoreBackend): DeltaStore => {
  const { runner } = backend;
  const notify = createCoalescedNotify(runner);
  return {
    migrate: () => guard(() => backend.migrate()),
    migrations: () => guard(() => readMigrations(runner)),
    append: (deltas, options) =>
      guard(async () => {
        const outcomes = await appendDeltas(runner, deltas, options);
        const high = outcomes.reduce((max, o) => (o.inserted && o.position > max ? o.position : max), 0n);
        if (high > 0n) notify.wake(high);
        await backend.afterAppend?.();
        return outcomes;
      }),
    get: (id) => guard(async () => (await readByIds(runner, [id]))[0]),
    getMany: (ids) => guard(() => readByIds(runner, ids)),
    byEntities: (entityIds) => guard(() => readByEntities(runner, entityIds)),
    byEntitiesAt: (entityIds, cursor) => guard(() => readByEntities(runner, entityIds, cursor)),
    cursorState: (cursor) => guard(() => readCursorState(runner, cursor)),
    negatorsOf: (deltaIds) => guard(() => readNegators(runner, deltaIds)),
    referencedAs: (localContext) => guard(() => readReferencedAs(runner, localContext)),
    since: (after, limit, filter) => guard(() => readSince(runner, after, limit, filter)),
    head: () => guard(() => readHead(runner)),
    heldBack: (after) => guard(() => readHeldBack(runner, after)),
    count: (filter) => guard(() => countDeltas(runner, filter)),
    peerCursor: (peer) => guard(() => readPeerCursor(runner, peer)),
    peerCursors: () => guard(() => readPeerCursors(runner)),
    quarantined: () => guard(() => readQuarantine(runner)),
    listen: (onWake) => guard(() => backend.listen(onWake)),
    ...(backend.projections ? { projections: backend.projections } : {}),
    async ping() {
      try {
        await runner.rows(selectOne);
        return true;
      } catch {
        return false;
      }
    },
    close: () =>
      guard(async () => {
        await notify.drain();
        await backend.close();
      }),
  };
};
