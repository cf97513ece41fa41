import type { DeltaStore } from './delta-store.js';
import { createPgliteStore } from './pglite-store.js';
import { createPostgresStore } from './postgres-store.js';

export interface OpenStoreOptions {
  /** A PostgreSQL URL; when set, the store runs on that server. */
  readonly databaseUrl?: string | undefined;
  /**
   * The embedded database's directory, used only without `databaseUrl`.
   * @default DEFAULT_DATA_DIR ('./.rhizome/data')
   */
  readonly dataDir?: string | undefined;
}

/**
 * The store the configuration asks for: postgres.js on `databaseUrl` when one
 * is given, else embedded PGlite in `dataDir` (docs/design.md §5.6).
 * @example const store = openStore({ databaseUrl: config.databaseUrl }); await store.migrate();
 */
export const openStore = (options: OpenStoreOptions = {}): DeltaStore =>
  options.databaseUrl
    ? createPostgresStore({ url: options.databaseUrl })
    : createPgliteStore(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
