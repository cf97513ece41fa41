import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { type App, createApp } from '../../src/server/app.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { openStore } from '../../src/store/open-store.js';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let playground: TestApp;
let production: TestApp;

beforeAll(async () => {
  playground = await startTestApp(database.url);
  const env = { NODE_ENV: 'production', RHIZOME_CORS_ORIGINS: 'https://app.example, https://admin.example' };
  const { production: isProduction, graphiql, introspection, corsOrigins } = loadConfig({}, env);
  production = await startTestApp(database.url, {
    production: isProduction,
    graphiql,
    introspection,
    corsOrigins,
  });
});
afterAll(async () => {
  await playground?.stop();
  await production?.stop();
});

const count = async (app: TestApp) => (await app.gql('{ deltas { totalCount } }')).data?.deltas.totalCount;
const preflight = (app: TestApp, origin: string) =>
  fetch(app.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('configuration', () => {
  it('turns GraphiQL and introspection off under NODE_ENV=production, unless set', () => {
    const prod = loadConfig({}, { NODE_ENV: 'production' });
    expect([prod.graphiql, prod.introspection, prod.production]).toEqual([false, false, true]);
    const opened = loadConfig(
      {},
      { NODE_ENV: 'production', RHIZOME_GRAPHIQL: 'true', RHIZOME_INTROSPECTION: '1' },
    );
    expect([opened.graphiql, opened.introspection]).toEqual([true, true]);
    const dev = loadConfig({}, {});
    expect([dev.graphiql, dev.introspection]).toEqual([true, true]);
    expect(() => loadConfig({}, { RHIZOME_GRAPHIQL: 'maybe' })).toThrow(
      /RHIZOME_GRAPHIQL must be true or false/,
    );
  });

  it('binds 127.0.0.1 unless RHIZOME_HOST opens it', () => {
    expect(loadConfig({}, {}).host).toBe('127.0.0.1');
    expect(loadConfig({}, { RHIZOME_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('CORS', () => {
  it('gives credentials only to the configured origins', async () => {
    const allowed = await preflight(production, 'https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await preflight(production, 'https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const post = await fetch(production.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('on an unconfigured playground, answers any origin but never with credentials', async () => {
    const response = await preflight(playground, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('CSRF prevention', () => {
  const mutation = 'mutation { createPerson(id: "csrf", input: { name: "Forged" }) { id } }';

  it('refuses form-urlencoded and multipart mutations from a foreign origin, storing nothing', async () => {
    const before = await count(playground);
    const form = await fetch(playground.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: mutation }).toString(),
    });
    expect(form.status).toBe(403);
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: mutation }));
    multipart.set('map', '{}');
    const formData = await fetch(playground.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: multipart,
    });
    expect(formData.status).toBe(403);
    const plain = await fetch(playground.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ query: mutation }),
    });
    expect(plain.status).toBe(403);
    expect(await count(playground)).toBe(before);
    expect((await playground.gql('{ person(id: "csrf") { name } }')).data?.person).toBeNull();
  });

  it('still serves JSON requests and GET queries', async () => {
    const get = await fetch(`${playground.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('production defaults', () => {
  it('serves no GraphiQL', async () => {
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const dev = await fetch(playground.url, { headers: { accept: 'text/html' } });
    expect(await dev.text()).toMatch(/graphiql/i);
  });

  it('refuses introspection, but answers __typename', async () => {
    const result = await production.gql('{ __schema { types { name } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/introspection has been disabled/);
    expect((await production.gql('{ __type(name: "Person") { name } }')).errors).toHaveLength(1);
    expect((await production.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect((await playground.gql('{ __schema { queryType { name } } }')).errors).toBeUndefined();
  });
});

/** An app whose store misbehaves on `get` for chosen ids. */
async function appWithStore(get: (id: string, real: DeltaStore['get']) => ReturnType<DeltaStore['get']>) {
  const real = openStore({ databaseUrl: database.url });
  const store = new Proxy(real, {
    get: (target, key, receiver) =>
      key === 'get' ? (id: string) => get(id, (i) => target.get(i)) : Reflect.get(target, key, receiver),
  });
  const config = loadConfig({
    port: 0,
    databaseUrl: database.url,
    logLevel: 'silent',
    nodeId: 'node-test',
    operationTimeoutMs: 300,
  });
  const model = await loadSchemaDir(new URL('../../schema', import.meta.url).pathname);
  const app: App = createApp(config, { model, store });
  const { url } = await app.start();
  return {
    url,
    query: async (query: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      }),
    async stop() {
      await app.stop();
      await real.close();
    },
  };
}

describe('errors', () => {
  it('never carry a stack trace, SQL or a file path, even with NODE_ENV=development', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const app = await appWithStore(async () => {
      throw new Error(
        'syntax error at "SELECT * FROM deltas WHERE id = $1" in /work/rhizome/src/store/get.ts:12',
      );
    });
    try {
      const response = await app.query('{ delta(id: "x") { id } }');
      const text = await response.text();
      expect(JSON.parse(text).errors[0]).toMatchObject({ message: 'Unexpected error.' });
      expect(text).not.toMatch(/SELECT|deltas WHERE|\/work\/|\.ts|stack|originalError/);
    } finally {
      vi.unstubAllEnvs();
      await app.stop();
    }
  });
});

describe('the operation deadline', () => {
  it('ends a query that runs too long with OPERATION_TIMEOUT, and the server keeps answering', async () => {
    let release = () => {};
    const app = await appWithStore((id, real) =>
      id === 'hang' ? new Promise((resolve) => (release = () => resolve(undefined))) : real(id),
    );
    try {
      const started = Date.now();
      const response = await app.query('{ delta(id: "hang") { id } }');
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('OPERATION_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await fetch(app.url.replace('/graphql', '/health'))).status).toBe(200);
      expect(await (await app.query('{ delta(id: "other") { id } }')).json()).toEqual({
        data: { delta: null },
      });
    } finally {
      release();
      await app.stop();
    }
  });
});
