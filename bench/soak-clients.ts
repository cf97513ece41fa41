/**
 * The soak bench's clients (bench/soak.ts): GraphQL over HTTP with every
 * failure counted by its code, and graphql-ws subscribers that remember what
 * they received.
 */
import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

export interface GraphQLAnswer {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Failures by `<what>: <code>`: a GraphQL `extensions.code`, an HTTP status, or a network error code. */
export function createErrorCounts() {
  const counts = new Map<string, number>();
  return {
    add(what: string, code: string) {
      const key = `${what}: ${code}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    entries: () => [...counts].sort((a, b) => b[1] - a[1]),
  };
}
export type ErrorCounts = ReturnType<typeof createErrorCounts>;

const networkCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (error as { code?: string })?.code ?? (error as Error)?.name ?? 'NETWORK';
};

/**
 * Posts one operation. Resolves with the data when there are no errors, else
 * counts the first error's code under `what` and resolves undefined.
 */
export async function post(
  url: string,
  errors: ErrorCounts,
  what: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<any | undefined> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    errors.add(what, networkCode(error));
    return undefined;
  }
  let body: GraphQLAnswer;
  try {
    body = (await response.json()) as GraphQLAnswer;
  } catch {
    errors.add(what, `HTTP_${response.status}`);
    return undefined;
  }
  if (body.errors?.length) {
    errors.add(what, body.errors[0]?.extensions?.code ?? `HTTP_${response.status}`);
    return undefined;
  }
  return body.data;
}

export interface FeedSubscriber {
  /** Delta ids in the order they arrived (duplicates kept, so they can be counted). */
  readonly received: string[];
  /** Whether the subscription ended or failed before the bench closed it. */
  ended(): string | undefined;
  close(): Promise<void>;
}

export function wsClient(url: string): Client {
  return createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
}

/** A `deltaAdded` subscriber on a socket of its own. */
export function subscribeFeed(url: string): FeedSubscriber {
  const client = wsClient(url);
  const received: string[] = [];
  let ended: string | undefined;
  let closing = false;
  client.subscribe<{ deltaAdded: { node: { id: string } } }>(
    { query: 'subscription { deltaAdded { cursor node { id } } }' },
    {
      next: (result) => {
        if (result.errors) ended ??= result.errors[0]?.extensions?.code?.toString() ?? 'GRAPHQL_ERROR';
        else if (result.data) received.push(result.data.deltaAdded.node.id);
      },
      error: (error) => {
        if (!closing) ended ??= `ERROR ${String((error as { code?: number })?.code ?? error)}`;
      },
      complete: () => {
        if (!closing) ended ??= 'COMPLETED';
      },
    },
  );
  return {
    received,
    ended: () => ended,
    async close() {
      closing = true;
      await client.dispose();
    },
  };
}

export interface PersonWatcher {
  /** The last state `personChanged` sent for each watched person. */
  readonly last: Map<string, { name: string | null; visits: number; tags: string[] }>;
  ended(): string | undefined;
  close(): Promise<void>;
}

/** One socket with a `personChanged(id)` subscription per person. */
export function watchPeople(url: string, ids: readonly string[]): PersonWatcher {
  const client = wsClient(url);
  const last: PersonWatcher['last'] = new Map();
  let ended: string | undefined;
  let closing = false;
  for (const id of ids) {
    client.subscribe<{ personChanged: { id: string; name: string | null; visits: number; tags: string[] } }>(
      {
        query: 'subscription($id: ID) { personChanged(id: $id) { id name visits tags } }',
        variables: { id },
      },
      {
        next: (result) => {
          if (result.errors) ended ??= result.errors[0]?.extensions?.code?.toString() ?? 'GRAPHQL_ERROR';
          else if (result.data) {
            const { name, visits, tags } = result.data.personChanged;
            last.set(id, { name, visits, tags });
          }
        },
        error: (error) => {
          if (!closing) ended ??= `ERROR ${String((error as { code?: number })?.code ?? error)}`;
        },
        complete: () => {
          if (!closing) ended ??= 'COMPLETED';
        },
      },
    );
  }
  return {
    last,
    ended: () => ended,
    async close() {
      closing = true;
      await client.dispose();
    },
  };
}
