import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Options } from 'postgres';
import { FEED_CHANNEL } from './coalesced-notify.js';
import { createDeltaStore } from './create-delta-store.js';
import { createProjectionStore } from './create-projection-store.js';
import type { DeltaStore } from './delta-store.js';
import { migrationsFolder } from './migrations-folder.js';
import { createPostgresRunner } from './postgres-runner.js';
import { PROJECTION_CHANNEL } from './projection-store.js';
import { guard } from './store-error.js';

export interface PostgresStoreOptions {
  /** A libpq-style connection URL, e.g. `postgres://rhizome@db:5432/rhizome`. */
  readonly url: string;
  /**
   * Connections in the pool (the LISTEN connection comes on top).
   * @default 10
   */
  readonly maxConnections?: number;
  /**
   * Seconds to wait for a connection before failing with `SERVICE_UNAVAILABLE`.
   * @default 10
   */
  readonly connectTimeoutSeconds?: number;
}

/** Any number in bigint range; keeps concurrent `migrate()` calls of several instances in line. */
const MIGRATION_LOCK = '7311930481';

const silent = () => {};

/**
 * A `DeltaStore` on a PostgreSQL server through postgres.js.
 * @example const store = createPostgresStore({ url: process.env.DATABASE_URL }); await store.migrate();
 */
export const createPostgresStore = (options: PostgresStoreOptions): DeltaStore => {
  const settings: Options<Record<string, never>> = {
    max: options.maxConnections ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: silent,
    // No JIT: GIN's fixed estimate per containment probe makes a by-entity read
    // of a few hundred ids over a large log look costly enough to compile, and
    // compiling took ~0.7 s per query to save nothing (docs/design.md §8).
    connection: { application_name: 'rhizome', jit: 'off' },
  };
  const sql = postgres(options.url, settings);
  const runner = createPostgresRunner(sql);
  const projections = createProjectionStore({
    runner,
    async openSession() {
      // A client of its own (not a pooled connection), so ending it surely ends
      // the session and with it the maintainer lock.
      // Server-side keepalives: if this instance is cut off rather than killed,
      // Postgres ends the session (and frees the lock) in about 11 s, not hours.
      // Asynchronous commit: the session writes only what the log derives, each batch with its
      // checkpoint, so a crash loses batches whole and the next maintainer folds them again, and
      // no batch waits for its WAL (full-page images of sixteen indexes) to reach the disk (docs/design.md §8).
      const session = postgres(options.url, {
        ...settings,
        max: 1,
        idle_timeout: 0,
        connection: {
          application_name: 'rhizome-maintainer',
          jit: 'off',
          synchronous_commit: 'off',
          tcp_keepalives_idle: 5,
          tcp_keepalives_interval: 2,
          tcp_keepalives_count: 3,
        },
      });
      return {
        runner: createPostgresRunner(session),
        mayLoseLock: true,
        close: () => session.end({ timeout: 5 }),
      };
    },
    async listen(onPayload) {
      const { unlisten } = await sql.listen(PROJECTION_CHANNEL, onPayload);
      return { unlisten: () => guard(async () => void (await unlisten())) };
    },
  });

  return createDeltaStore({
    runner,
    projections,
    async migrate() {
      // A session of its own, so the advisory lock and the migrator share one connection.
      const session = postgres(options.url, { ...settings, max: 1 });
      try {
        await session`SELECT pg_advisory_lock(${MIGRATION_LOCK}::bigint)`;
        await migrate(drizzle(session), { migrationsFolder });
      } finally {
        await session.end(); // ending the session releases the lock
      }
    },
    async listen(onWake) {
      // postgres.js keeps one dedicated LISTEN connection and re-listens after
      // it drops; the third callback runs on every (re)connect, so a reader
      // catches up on whatever committed while it was away.
      const wake = () => onWake();
      const { unlisten } = await sql.listen(FEED_CHANNEL, wake, wake);
      return { unlisten: () => guard(async () => void (await unlisten())) };
    },
    close: () => sql.end({ timeout: 5 }),
  });
};
