import postgres from 'postgres';
import { afterAll } from 'vitest';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { describeStoreContract } from './store-contract.js';

const database = useTestDatabase();
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((close) => close()));
});

describeStoreContract('postgres.js', async () => {
  const store: DeltaStore = createPostgresStore({ url: database.url });
  const peer: DeltaStore = createPostgresStore({ url: database.url });
  const raw = postgres(database.url, { max: 1, onnotice: () => {} });
  cleanup.push(
    () => store.close(),
    () => peer.close(),
    () => raw.end(),
  );
  return { store, peer, raw: (text) => raw.unsafe(text) };
});
