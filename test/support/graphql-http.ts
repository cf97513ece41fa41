import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { repoRoot } from './run-cli.js';

export interface GraphQLAnswer<T = Record<string, unknown>> {
  readonly data?: T;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
  /** A mutation's `cursor` is the feed cursor of its last delta (docs/design.md §9). */
  readonly extensions?: { readonly cursor?: string };
}

/** POSTs one operation, as GraphiQL or curl would. */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLAnswer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer<T>;
}

/** Runs `body` against a server on `databaseUrl` with the example schema, then stops it. */
export async function withServer<T>(databaseUrl: string, body: (url: string) => Promise<T>): Promise<T> {
  const config = loadConfig({
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    schemaDir: `${repoRoot}schema`,
    logLevel: 'silent',
  });
  const app = createApp(config);
  const { url } = await app.start();
  try {
    return await body(url);
  } finally {
    await app.stop();
  }
}
