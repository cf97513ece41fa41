import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EntityModel } from '../../src/model/model.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase } from '../support/database.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';
import {
  expectTableAgrees,
  personDeltas,
  projectionsOf,
  startMaintainer,
  waitCaughtUp,
} from './support/projection-harness.js';
import { exampleModel } from './support/start-projected-app.js';

// Crashing a server would break every other test file, so this one has its own.
let cluster: ThrowawayCluster;
let url: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  const database = await createTestDatabase({ adminUrl: cluster.url });
  url = database.url;
  // The test cluster commits asynchronously for speed; writers here commit as on a real server, so
  // an acknowledged delta survives the crash. The maintainer's session asks for asynchronous commit
  // itself (docs/design.md §8), and a session's own setting wins over the database's.
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`ALTER DATABASE "${database.name}" SET synchronous_commit = on`);
  await admin.end();
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await cluster?.stop();
});

const open = (): DeltaStore => {
  const store = createPostgresStore({ url, connectTimeoutSeconds: 5 });
  cleanups.push(() => store.close());
  return store;
};

describe('the projection across a database crash', () => {
  it('a crash mid-fold loses batches whole, and the maintainer folds them again: nothing lost or doubled', async () => {
    const model = await exampleModel();
    const type = model.entity('Person') as EntityModel;
    const store = open();
    const projections = projectionsOf(store);
    const maintainer = await startMaintainer(store, model);
    cleanups.push(() => maintainer.stop());
    await waitCaughtUp(store, type);

    let announced = 0;
    const listening = await projections.listen(() => announced++);
    cleanups.push(() => listening.unlisten());
    let written = 0;
    for (let chunk = 0; chunk < 6; chunk++) {
      const deltas = Array.from({ length: 500 }, (_, j) => personDeltas(chunk * 500 + j)).flat();
      await store.append(deltas);
      written += deltas.length;
    }
    // Crash while the maintainer folds the log: after a batch has committed, before the last.
    await vi.waitFor(() => expect(announced).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
    await cluster.crash();

    // The same maintainer reconnects, takes the lock again and catches up from the recovered checkpoint.
    await waitCaughtUp(store, type, 60_000);
    expect(await store.count()).toBe(written);
    // Both directions, 1,000 each: together they cover all 1,500 members.
    await expectTableAgrees(store, type, [
      { field: 'age', direction: 'DESC' },
      { field: 'age', direction: 'ASC' },
    ]);
  }, 120_000);
});
