import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from './database.js';
import { startThrowawayCluster, type ThrowawayCluster } from './throwaway-cluster.js';

/**
 * A migrated database on a PostgreSQL cluster of this test file's own.
 *
 * For tests that hold transactions open on purpose (delayed commits): the
 * snapshot horizon `since` reads below is cluster-wide, so on the shared
 * server those transactions would hold back every other test file's feed
 * reads too, and theirs would hold back ours. Like `useTestDatabase()`, read
 * `url` inside tests and hooks only.
 */
export const usePrivateDatabase = (): { readonly url: string } => {
  let cluster: ThrowawayCluster | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    url = (await createTestDatabase({ adminUrl: cluster.url })).url;
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    get url() {
      if (url === undefined)
        throw new Error('usePrivateDatabase().url is only ready inside tests and hooks.');
      return url;
    },
  };
};
