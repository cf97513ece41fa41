import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase } from '../support/database.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';

// Stopping a server would break every other test file, so this one has its own.
let cluster: ThrowawayCluster;
let url: string;
const stores: DeltaStore[] = [];
const open = () => {
  const store = createPostgresStore({ url, connectTimeoutSeconds: 5 });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  url = (await createTestDatabase({ adminUrl: cluster.url })).url;
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close().catch(() => {})));
  await cluster?.stop();
});

const delta = (id: string) => ({
  id,
  creator: 'test',
  host: 'node-a',
  timeCreated: 1,
  pointers: [{ localContext: 'name', target: id }],
});

/** Counts wakes and lets a test wait for the next one. */
const wakeCounter = () => {
  let waiting: (() => void) | undefined;
  const counter = {
    count: 0,
    onWake: () => {
      counter.count += 1;
      waiting?.();
    },
    next: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
      }),
  };
  return counter;
};

describe('postgres.js store when the server goes away', () => {
  test('the listener wakes after a restart (to catch up), and NOTIFY works again', async () => {
    const writer = open();
    const reader = open();
    const wakes = wakeCounter();
    const listening = wakes.next();
    await reader.listen(wakes.onWake);
    await listening;

    const reconnected = wakes.next();
    await cluster.restart();
    await reconnected; // fired by the re-LISTEN on the new connection, with no NOTIFY involved
    expect(await writer.ping()).toBe(true);

    const notified = wakes.next();
    await writer.append([delta('after-restart')]);
    await notified;
    expect(wakes.count).toBeGreaterThanOrEqual(3);
  });

  test('with the server down, calls fail with SERVICE_UNAVAILABLE and ping() is false; it recovers', async () => {
    const store = open();
    await store.append([delta('before-outage')]);
    await cluster.stopServer();
    try {
      await expect(store.get('before-outage')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      await expect(store.append([delta('during-outage')])).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
      await expect(store.ping()).resolves.toBe(false);
    } finally {
      await cluster.startServer();
    }
    await expect(store.ping()).resolves.toBe(true);
    await expect(store.get('before-outage')).resolves.toMatchObject({ id: 'before-outage' });
    await expect(store.get('during-outage')).resolves.toBeUndefined();
  });

  test('a URL where nothing listens is SERVICE_UNAVAILABLE, and the message holds no credentials', async () => {
    const store = createPostgresStore({
      url: 'postgres://rhizome:s3cret@127.0.0.1:1/nowhere',
      connectTimeoutSeconds: 2,
    });
    stores.push(store);
    const error = await store.count().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(String((error as Error).message)).not.toContain('s3cret');
  });
});
