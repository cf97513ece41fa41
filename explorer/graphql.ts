/** The page's only way to the server: GraphQL over HTTP, and graphql-ws for live updates. */
import { createClient } from 'graphql-ws';

const endpoint = new URL('/graphql', location.href);

export class GraphQLFailure extends Error {}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new GraphQLFailure(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new GraphQLFailure(`The server answered ${response.status} without data.`);
  return body.data;
}

export interface AddedDelta {
  readonly id: string;
  readonly pointers: readonly { readonly entity: string | null }[];
}

/** Calls `onDelta` for every delta that enters the feed from now on; returns the unsubscribe. */
export function onDeltaAdded(onDelta: (delta: AddedDelta) => void, onState: (live: boolean) => void) {
  const url = new URL(endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createClient({
    url: url.href,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: { connected: () => onState(true), closed: () => onState(false) },
  });
  const stop = client.subscribe<{ deltaAdded: { node: AddedDelta } }>(
    { query: 'subscription { deltaAdded { node { id pointers { entity } } } }' },
    {
      next: (result) => {
        if (result.data) onDelta(result.data.deltaAdded.node);
      },
      error: () => onState(false),
      complete: () => onState(false),
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
