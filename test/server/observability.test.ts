import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { type App, createApp } from '../../src/server/app.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { postOperation } from '../support/start-app.js';

// Request ids, the access log and SSE subscriptions, against one app whose log this test reads.
const database = useTestDatabase();
const lines: Record<string, unknown>[] = [];
let app: App;
let url: string;
let store: DeltaStore;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  store = createPostgresStore({ url: database.url });
  // A store that fails one read the way a broken disk would: an unexpected error, masked for the caller.
  const failing: DeltaStore = {
    ...store,
    async get(id) {
      if (id === 'boom') throw new Error('disk on fire');
      return store.get(id);
    },
  };
  app = createApp(
    loadConfig({ port: 0, host: '127.0.0.1', databaseUrl: database.url, nodeId: 'node-test' }),
    {
      model: await loadSchemaDir(new URL('../../schema', import.meta.url).pathname),
      store: failing,
      logger: pino({ level: 'info' }, sink),
    },
  );
  url = (await app.start()).url;
});
afterAll(async () => {
  await app?.stop();
  await store?.close();
});

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

const operationLines = (requestId: string) =>
  lines.filter((line) => line.msg === 'operation' && line.requestId === requestId);

describe('request ids and the access log', () => {
  it('returns a valid incoming x-request-id and logs the operation under it', async () => {
    const response = await post(`mutation Named { createPerson(id: "rid", input: { name: "R" }) { id } }`, {
      'x-request-id': 'client-42.a',
    });
    expect(response.headers.get('x-request-id')).toBe('client-42.a');
    expect((await response.json()).errors).toBeUndefined();
    const [line] = operationLines('client-42.a');
    expect(line).toMatchObject({
      operationName: 'Named',
      operationType: 'mutation',
      code: 'OK',
      transport: 'http',
      level: 30,
    });
    expect(line?.durationMs).toEqual(expect.any(Number));
  });

  it('replaces an invalid incoming id with a fresh one, and logs the error code', async () => {
    const response = await post(`{ person(id: 1) { nope } }`, { 'x-request-id': 'has spaces\tand tabs' });
    const id = response.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await response.json();
    expect(operationLines(id)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
  });

  it('carries the request id into the error log of an unexpected error', async () => {
    const response = await post(`{ delta(id: "boom") { id } }`);
    const id = response.headers.get('x-request-id') ?? '';
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toContain('disk on fire');
    const logged = lines.find((line) => line.level === 50 && line.requestId === id);
    expect(JSON.stringify(logged)).toContain('disk on fire');
    expect(operationLines(id)).toEqual([expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR' })]);
  });

  it('logs operations over WebSocket with an id of their own', async () => {
    const { createClient } = await import('graphql-ws');
    const { WebSocket } = await import('ws');
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise((resolve, reject) => {
        client.subscribe(
          { query: 'query OverWs { person(id: "rid") { name } }' },
          { next: resolve, error: reject, complete: () => {} },
        );
      });
      expect(result).toEqual({ data: { person: { name: 'R' } } });
    } finally {
      await client.dispose();
    }
    const line = lines.find((l) => l.msg === 'operation' && l.operationName === 'OverWs');
    expect(line).toMatchObject({ transport: 'ws', code: 'OK', requestId: expect.any(String) });
  });
});

describe('subscriptions over SSE (GraphQL over Server-Sent Events, distinct connections)', () => {
  it('streams a change to a subscriber that asked for text/event-stream', async () => {
    await postOperation(url, `mutation { createPerson(id: "sse", input: { name: "Before" }) { id } }`);
    const before = app.subscriptionsStarted();
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { personChanged(id: "sse") { name } }' }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    await vi.waitFor(() => expect(app.subscriptionsStarted()).toBeGreaterThan(before), {
      timeout: 5000,
      interval: 5,
    });
    await postOperation(url, `mutation { updatePerson(id: "sse", input: { name: "After" }) { id } }`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('After')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const event = text.split('\n').find((line) => line.startsWith('data:') && line.includes('After'));
    expect(JSON.parse((event ?? '').slice('data:'.length))).toEqual({
      data: { personChanged: { name: 'After' } },
    });
  });
});
