import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { type App, createApp } from '../../src/server/app.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { testConfig } from '../support/start-app.js';

// The feed's LISTEN connection dies and cannot come back (new connections to the
// database are refused), while the pool's open connections keep working.
const database = useTestDatabase();
let app: App;
let url: string;
let admin: postgres.Sql;
let writer: DeltaStore;
let dbName: string;

const allowConnections = (allow: boolean) =>
  admin.unsafe(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS ${allow}`);

beforeAll(async () => {
  dbName = new URL(database.url).pathname.slice(1);
  admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  writer = createPostgresStore({ url: database.url, maxConnections: 1 });
  await writer.ping();
  app = createApp(testConfig(database.url), {
    model: await loadSchemaDir(new URL('../../schema', import.meta.url).pathname),
    feed: { pollIntervalMs: 100, maxBackoffMs: 200 },
  });
  url = (await app.start()).url;
});
afterAll(async () => {
  await allowConnections(true);
  await app?.stop();
  await writer?.close();
  await admin?.end();
});

const ready = async () => {
  const response = await fetch(new URL('/ready', url));
  return { status: response.status, body: await response.json() };
};

let n = 0;
const writeOne = () =>
  writer.append([
    {
      id: `r${n++}`,
      creator: 'test',
      host: 'elsewhere',
      timeCreated: Date.now(),
      pointers: [{ localContext: 'name', target: 'x' }],
    },
  ]);

describe('/ready', () => {
  it('turns 503 when the feed loses its LISTEN for good, and 200 once it listens again', async () => {
    expect(await ready()).toEqual({
      status: 200,
      body: { ready: true, database: true, feed: true, stopping: false },
    });

    await allowConnections(false);
    const killed = await admin`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = ${dbName} AND query ILIKE 'listen%'`;
    expect(killed.length).toBeGreaterThan(0);
    // Other instances keep writing; their NOTIFYs reach no one, so the feed's polls find the deltas unannounced.
    await vi.waitFor(
      async () => {
        await writeOne();
        expect(await ready()).toEqual({
          status: 503,
          body: { ready: false, database: true, feed: false, stopping: false },
        });
      },
      { timeout: 15_000, interval: 100 },
    );

    await allowConnections(true);
    await vi.waitFor(async () => expect((await ready()).status).toBe(200), {
      timeout: 15_000,
      interval: 100,
    });
  }, 40_000);
});
