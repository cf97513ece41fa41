import { describe } from 'vitest';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { describeListsAgree } from './lists-agree.js';

describe('projection lists on PGlite', () => {
  describeListsAgree(async () => {
    const store = createPgliteStore({ dataDir: 'memory://' });
    await store.migrate();
    return store;
  });
});
