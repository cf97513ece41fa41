import type { Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { vi } from 'vitest';
import { type Config, loadConfig } from '../../../src/config.js';
import { compileModel } from '../../../src/model/compile-model.js';
import { createApp } from '../../../src/server/app.js';
import { type GraphQLResponse, postOperation, wsClient } from '../../support/start-app.js';

export const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

/** Person: default rules. Article: only editors write. Secret: only spies read or write. */
export const AUTH_MODEL = compileModel([
  {
    file: 'test/auth/schema.ts',
    declarations: [
      {
        name: 'Person',
        plural: 'People',
        properties: { name: { type: 'String' }, friends: { type: '[Person]' }, hideout: { type: 'Secret' } },
      },
      {
        name: 'Article',
        properties: { title: { type: 'String' } },
        access: { write: { roles: ['editor'] } },
      },
      {
        name: 'Secret',
        properties: { code: { type: 'String' }, owner: { type: 'Person' } },
        access: { read: { roles: ['spy'] }, write: { roles: ['spy'] } },
      },
    ],
  },
]);

export interface TokenOptions {
  readonly roles?: string[];
  /** Seconds since the epoch. @default an hour from now */
  readonly exp?: number;
  readonly secret?: string;
}

/** An HS256 token for `sub`, signed with the test secret unless told otherwise. */
export const token = (sub: string, options: TokenOptions = {}) =>
  new SignJWT({ roles: options.roles ?? [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

export const bearer = async (sub: string, options?: TokenOptions) => ({
  authorization: `Bearer ${await token(sub, options)}`,
});

export interface AuthTestApp {
  readonly url: string;
  gql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  ws(connectionParams?: Record<string, unknown>): Client;
  /** Rows in the deltas table, read with SQL, so "nothing stored" does not trust the API under test. */
  storedCount(): Promise<number>;
  /** Resolves once one more subscription than `before` is listening. */
  waitForSubscription(before: number): Promise<void>;
  subscriptionsStarted(): number;
  stop(): Promise<void>;
}

/** The real server on a free port, auth on (HS256 with `SECRET`) unless overridden. */
export async function startAuthApp(
  databaseUrl: string,
  overrides: Partial<Config> = {},
): Promise<AuthTestApp> {
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    nodeId: 'node-test',
    logLevel: 'silent',
    jwtSecret: SECRET,
    ...overrides,
  });
  const app = createApp(config, { model: AUTH_MODEL });
  const { url } = await app.start();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const clients: Client[] = [];
  return {
    url,
    gql: (query, variables, headers = {}) => postOperation(url, query, variables, headers),
    ws(connectionParams) {
      const client = wsClient(url, connectionParams);
      clients.push(client);
      return client;
    },
    async storedCount() {
      const [row] = await sql`SELECT count(*)::int AS n FROM deltas`;
      return row?.n as number;
    },
    subscriptionsStarted: () => app.subscriptionsStarted(),
    async waitForSubscription(before) {
      await vi.waitFor(
        () => {
          if (app.subscriptionsStarted() <= before) throw new Error('the subscription is not listening yet');
        },
        { timeout: 5000, interval: 5 },
      );
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await app.stop();
      await sql.end();
    },
  };
}

export const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;
