import type { Config } from '../config.js';
import type { DeltaStore } from '../store/delta-store.js';

/**
 * Opens the store the configuration names, runs `work` on it and closes it,
 * whatever `work` does: every CLI command that touches the database goes
 * through here.
 * @example await withStore(config, (store) => store.migrate())
 */
export async function withStore<T>(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  work: (store: DeltaStore) => Promise<T>,
): Promise<T> {
  // Loaded here, not at the top: `--help` and flag errors should not wait for the database drivers.
  const { openStore } = await import('../store/open-store.js');
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
