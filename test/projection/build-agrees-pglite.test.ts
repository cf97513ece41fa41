import { describe } from 'vitest';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { describeBuildAgrees } from './build-agrees.js';

describe('projection builds from the log on PGlite', () => {
  describeBuildAgrees(
    async () => {
      const store = createPgliteStore({ dataDir: 'memory://' });
      await store.migrate();
      return store;
    },
    { numRuns: 1, crash: false },
  );
});
