import { type Client, createClient } from 'graphql-ws';
import { vi } from 'vitest';
import { WebSocket } from 'ws';
import { type Config, loadConfig } from '../../src/config.js';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { createApp } from '../../src/server/app.js';
import type { LiveStats } from '../../src/server/live-stats.js';

export interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
  /** A mutation's `cursor` is the feed cursor of its last delta (docs/design.md §9). */
  extensions?: { cursor?: string } & Record<string, unknown>;
}

export interface TestApp {
  readonly url: string;
  gql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  /**
   * Subscribes with a fresh graphql-ws client and resolves once the server is
   * listening for it; `done` resolves with the first `count` results.
   */
  subscribe<T = any>(
    query: string,
    variables: Record<string, unknown>,
    count: number,
  ): Promise<Subscription<T>>;
  /** A graphql-ws client; closed by `stop`. */
  ws(connectionParams?: Record<string, unknown>): Client;
  /** Open sockets, cohorts and their members on this instance. */
  liveStats(): LiveStats;
  stop(): Promise<void>;
}

/** Starts the real server on a free port against the given database, with the example schema. */
/** POSTs one operation as JSON and returns the parsed answer, whatever the status. */
export async function postOperation(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** A graphql-ws client of the server at this HTTP URL that does not retry, as tests want. */
export const wsClient = (url: string, connectionParams?: Record<string, unknown>): Client =>
  createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
  });

/** The config of a test app: a free port on 127.0.0.1, this database, no logs, then the overrides. */
export const testConfig = (databaseUrl: string, overrides: Partial<Config> = {}): Config =>
  loadConfig({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    nodeId: 'node-test',
    logLevel: 'silent',
    ...overrides,
  });

export async function startTestApp(databaseUrl: string, overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(databaseUrl, overrides);
  const model = await loadSchemaDir(new URL('../../schema', import.meta.url).pathname);
  const app = createApp(config, { model });
  const { url } = await app.start();
  const clients: Client[] = [];
  const ws = (connectionParams?: Record<string, unknown>) => {
    const client = wsClient(url, connectionParams);
    clients.push(client);
    return client;
  };
  return {
    ws,
    url,
    liveStats: () => app.liveStats(),
    gql: (query, variables, headers = {}) => postOperation(url, query, variables, headers),
    async subscribe(query, variables, count) {
      const before = app.subscriptionsStarted();
      const subscription = take(ws(), query, variables, count);
      await vi.waitFor(
        () => {
          if (app.subscriptionsStarted() <= before) throw new Error('the subscription is not listening yet');
        },
        { timeout: 5000, interval: 5 },
      );
      return subscription;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await app.stop();
    },
  };
}

export interface Subscription<T> {
  readonly done: Promise<T[]>;
  readonly received: T[];
}

/** Collects the first `count` results of a subscription. */
export function take<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
): Subscription<T> {
  const received: T[] = [];
  const done = new Promise<T[]>((resolve, reject) => {
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          // Results can still arrive between unsubscribe() and the server hearing it.
          if (received.length === count) return;
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          received.push(result.data as T);
          if (received.length === count) {
            unsubscribe();
            resolve(received);
          }
        },
        error: reject,
        complete: () => resolve(received),
      },
    );
  });
  return { done, received };
}
