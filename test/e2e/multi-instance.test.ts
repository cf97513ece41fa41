import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type Delta, isEntityRef } from '../../src/delta/delta.js';
import { testDelta } from '../support/feed-helpers.js';
import { usePrivateDatabase } from '../support/private-database.js';
import { type GraphQLResponse, startTestApp, type TestApp, take } from '../support/start-app.js';
import { createDelayedWriter, type DelayedWriter, runWriters, type WriteBatch } from '../support/writers.js';
import { type RemoteInstance, startRemoteInstance } from './support/remote-instance.js';

// Instance A runs in a process of its own; instance B in this one. Both on one database, on a
// cluster of this file's own (the delayed writers hold transactions open; see private-database.ts).
const database = usePrivateDatabase();
let a: RemoteInstance;
let b: TestApp;
const clients: Client[] = [];
const delayed: DelayedWriter[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([
    startRemoteInstance(database.url),
    startTestApp(database.url, { nodeId: 'node-b' }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all(delayed.map((writer) => writer.close()));
  await Promise.all([a?.stop(), b?.stop()]);
});

const gqlAt = async (
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
};

const wsAt = (url: string): Client => {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
};

const EMIT = `mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`;
const DELTA_ADDED = `subscription($after: String) { deltaAdded(after: $after) { cursor node { id } } }`;

const toInput = (delta: Delta) => ({
  id: delta.id,
  pointers: delta.pointers.map((pointer) =>
    isEntityRef(pointer.target)
      ? {
          localContext: pointer.localContext,
          entity: pointer.target.id,
          targetContext: pointer.targetContext,
        }
      : { localContext: pointer.localContext, value: pointer.target },
  ),
});

/** A writer that sends each batch as one `emitDeltas` mutation to the instance at `url`. */
const viaGraphQL =
  (url: string): WriteBatch =>
  async (deltas) => {
    const result = await gqlAt(url, EMIT, { deltas: deltas.map(toInput) });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
  };

/** The cursor of the newest delta, paging through `deltas` (writes one first if there is none). */
async function lastCursor(url: string): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const page = await gqlAt(
      url,
      `query($after: String) { deltas(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const info = page.data?.deltas.pageInfo as { hasNextPage: boolean; endCursor: string | null };
    if (info.endCursor !== null) after = info.endCursor;
    if (!info.hasNextPage && after !== null) return after;
    if (!info.hasNextPage) await viaGraphQL(url)([testDelta('seed')], Math.random);
  }
}

type Added = { deltaAdded: { cursor: string; node: { id: string } } };
const addedIds = (results: readonly Added[]) => results.map((result) => result.deltaAdded.node.id);

describe('two instances on one PostgreSQL, one in another process', () => {
  it('a mutation through A reaches a personChanged subscriber on B, and a query on B returns the new state', async () => {
    const changes = await b.subscribe(`subscription { personChanged(id: "mi-ada") { id name age } }`, {}, 2);
    await gqlAt(a.url, `mutation { createPerson(id: "mi-ada", input: { name: "Ada" }) { id } }`);
    // One mutation at a time: B may fold changes that reach it together into one emission.
    await vi.waitFor(() => expect(changes.received).toHaveLength(1), { timeout: 10_000, interval: 5 });
    await gqlAt(a.url, `mutation { updatePerson(id: "mi-ada", input: { age: 36 }) { id } }`);
    expect(await changes.done).toEqual([
      { personChanged: { id: 'mi-ada', name: 'Ada', age: null } },
      { personChanged: { id: 'mi-ada', name: 'Ada', age: 36 } },
    ]);
    expect((await b.gql(`{ person(id: "mi-ada") { name age label } }`)).data).toEqual({
      person: { name: 'Ada', age: 36, label: 'Ada (36)' },
    });
  });

  it('and the other way round: a mutation through B reaches a subscriber on A', async () => {
    const stream = take(wsAt(a.url), `subscription { personChanged(id: "mi-bob") { name } }`, {}, 1);
    await a.subscriptionsStarted(1);
    await b.gql(`mutation { createPerson(id: "mi-bob", input: { name: "Bob" }) { id } }`);
    expect(await stream.done).toEqual([{ personChanged: { name: 'Bob' } }]);
    expect((await gqlAt(a.url, `{ person(id: "mi-bob") { name } }`)).data).toEqual({
      person: { name: 'Bob' },
    });
  });

  it('deltaAdded subscribers on both instances see all 4,000 deltas of 8 concurrent writers in one order, once each, also across a reconnect', async () => {
    const start = await lastCursor(b.url);
    const onA = [take<Added>(wsAt(a.url), DELTA_ADDED, { after: start }, 4000)];
    const onB = [take<Added>(wsAt(b.url), DELTA_ADDED, { after: start }, 4000)];
    // This client on B leaves after 1,500 deltas and comes back with its last cursor.
    const leaving = take<Added>(wsAt(b.url), DELTA_ADDED, { after: start }, 1500);

    delayed.push(createDelayedWriter(database.url), createDelayedWriter(database.url));
    const writing = runWriters({
      writers: [
        viaGraphQL(a.url),
        viaGraphQL(a.url),
        viaGraphQL(a.url),
        viaGraphQL(b.url),
        viaGraphQL(b.url),
        viaGraphQL(b.url),
        ...delayed.map((writer) => writer.write),
      ],
      total: 4000,
      seed: 21,
    });
    // Messages already in flight when it left count as lost: it resumes after the last one it handled.
    const firstPart = (await leaving.done).slice(0, 1500);
    const resumeAt = (firstPart.at(-1) as Added).deltaAdded.cursor;
    const rest = take<Added>(wsAt(b.url), DELTA_ADDED, { after: resumeAt }, 2500);
    const written = await writing;

    const [seenA, seenB, secondPart] = await Promise.all([onA[0]?.done, onB[0]?.done, rest.done]);
    const order = addedIds(seenA ?? []);
    expect(order).toHaveLength(4000);
    expect(new Set(order)).toEqual(new Set(written));
    expect(addedIds(seenB ?? [])).toEqual(order);
    expect([...addedIds(firstPart), ...addedIds(secondPart)]).toEqual(order);
  }, 90_000);
});
