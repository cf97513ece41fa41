import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { useTestDatabase } from '../support/database.js';
import { startTestApp } from '../support/start-app.js';

const database = useTestDatabase();

describe('server lifecycle', () => {
  it('answers /health, /ready, and serves GraphiQL to browsers', async () => {
    const app = await startTestApp(database.url);
    try {
      const base = new URL(app.url);
      expect((await fetch(new URL('/health', base))).status).toBe(200);
      const ready = await fetch(new URL('/ready', base));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, database: true, feed: true, stopping: false });
      const page = await fetch(app.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('GraphiQL');
    } finally {
      await app.stop();
    }
  });

  it('answers /ready with 503 when the database is unreachable', async () => {
    const unreachable = 'postgres://postgres@127.0.0.1:1/none';
    const { createPostgresStore } = await import('../../src/store/postgres-store.js');
    const store = createPostgresStore({ url: unreachable });
    const { createRhizomeYoga } = await import('../../src/server/create-yoga.js');
    const { GraphQLSchema, GraphQLObjectType, GraphQLString } = await import('graphql');
    const yoga = createRhizomeYoga({
      schema: new GraphQLSchema({
        query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      }),
      createContext: () => {
        throw new Error('this test runs no operation');
      },
      readiness: { ping: () => store.ping(), feedHealthy: () => true, stopping: () => false },
      limits: (await import('../../src/config.js')).loadConfig({}, {}),
      logger: (await import('pino')).pino({ level: 'silent' }),
    });
    const response = await yoga.fetch('http://localhost/ready');
    expect(response.status).toBe(503);
    await store.close();
  });

  it('stops gracefully: an open WebSocket is closed with 1001 (going away)', async () => {
    const app = await startTestApp(database.url);
    const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await app.stop();
    expect(await closed).toBe(1001);
  });
});
