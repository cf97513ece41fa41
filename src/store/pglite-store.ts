import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { FEED_CHANNEL } from './coalesced-notify.js';
import { createDeltaStore } from './create-delta-store.js';
import { createProjectionStore } from './create-projection-store.js';
import { DEFAULT_DATA_DIR } from './default-data-dir.js';
import type { DeltaStore } from './delta-store.js';
import { migrationsFolder } from './migrations-folder.js';
import { createPgliteRunner } from './pglite-runner.js';
import { PROJECTION_CHANNEL } from './projection-store.js';
import { guard } from './store-error.js';

export interface PgliteStoreOptions {
  /**
   * Where the embedded database keeps its files; created when missing.
   * `memory://` (or any `memory://…`) keeps everything in memory.
   * @default DEFAULT_DATA_DIR ('./.rhizome/data')
   * @example createPgliteStore({ dataDir: 'memory://' })
   */
  readonly dataDir?: string;
  /** An already open PGlite to use instead of opening `dataDir` (tests, embedding). The store closes it. */
  readonly database?: PGlite;
}

const isInMemory = (dataDir: string) => dataDir.startsWith('memory://');

/**
 * A `DeltaStore` on an embedded PGlite (Postgres in WebAssembly, in this
 * process), so Rhizome runs with nothing installed (docs/design.md §5.6). One
 * process owns a data directory; NOTIFY reaches listeners in this process.
 */
export const createPgliteStore = (options: PgliteStoreOptions = {}): DeltaStore => {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (!options.database && !isInMemory(dataDir)) mkdirSync(dataDir, { recursive: true });
  // The constructor returns at once; PGlite queues every call until it is ready.
  const db = options.database ?? new PGlite(dataDir);

  const runner = createPgliteRunner(db);
  const projections = createProjectionStore({
    runner,
    // One process owns the data directory and PGlite has one session: the
    // maintainer's session is the database itself, its lock never lost.
    openSession: async () => ({
      runner,
      mayLoseLock: false,
      close: async () => void (await db.query('SELECT pg_advisory_unlock_all()')),
    }),
    async listen(onPayload) {
      const unsubscribe = await db.listen(PROJECTION_CHANNEL, onPayload);
      return { unlisten: () => guard(() => unsubscribe()) };
    },
  });

  return createDeltaStore({
    runner,
    projections,
    migrate: () => migrate(drizzle(db), { migrationsFolder }),
    async listen(onWake) {
      const unsubscribe = await db.listen(FEED_CHANNEL, () => onWake());
      onWake(); // parity with postgres.js, which wakes once the LISTEN is in place
      return { unlisten: () => guard(() => unsubscribe()) };
    },
    close: () => db.close(),
    // PGlite has no autovacuum, so the GIN pending list only empties when it
    // overflows, and every by-entity probe scans it (measured: 50 ids in 23 ms
    // with it full, 3 ms with it empty). Merging it after each append costs
    // about 1 ms and keeps lookups fast.
    // Only an optimisation: the deltas are committed, so a failure here must not fail the append.
    afterAppend: async () => {
      await db.query(`SELECT gin_clean_pending_list('deltas_pointers_idx')`).catch(() => {});
    },
  });
};
