import { PGlite } from '@electric-sql/pglite';
import { afterAll } from 'vitest';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { describeStoreContract } from './store-contract.js';

let store: DeltaStore | undefined;
afterAll(() => store?.close());

describeStoreContract('PGlite (in memory)', async () => {
  const database = new PGlite('memory://');
  store = createPgliteStore({ database });
  await store.migrate();
  // PGlite is one connection in this process: the "other instance" is the same store.
  return { store, peer: store, raw: (text) => database.query(text) };
});
