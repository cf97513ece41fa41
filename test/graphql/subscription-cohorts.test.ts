import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { rawGraphqlWs } from '../support/raw-graphql-ws.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
const sockets: Awaited<ReturnType<typeof rawGraphqlWs>>[] = [];

beforeAll(async () => {
  app = await startTestApp(database.url, { maxConnections: 0 });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

const open = async (count: number) => {
  const opened = await Promise.all(Array.from({ length: count }, () => rawGraphqlWs(app.url)));
  sockets.push(...opened);
  return opened;
};

/** Resolves once this many subscriptions more than `before` are listening. */
const listening = (before: number, more: number) =>
  vi.waitFor(
    () => {
      if (app.liveStats().subscriptions < before + more) throw new Error('not all listening yet');
    },
    { timeout: 10_000, interval: 10 },
  );

const payloadOf = (text: string) => JSON.parse(text).payload;

describe('subscribers of the same operation', () => {
  it('200 subscribers form one cohort and get byte-identical messages', async () => {
    const clients = await open(200);
    const { cohorts, subscriptions } = app.liveStats();
    for (const client of clients) {
      client.subscribe('1', 'subscription { personChanged(id: "cohort-1") { id name age } }');
      client.subscribe(
        '2',
        'subscription { deltaAdded { cursor node { id creator pointers { localContext value } } } }',
      );
    }
    await listening(subscriptions, 400);
    expect(app.liveStats().cohorts).toBe(cohorts + 2);

    const created = await app.gql(
      'mutation { createPerson(id: "cohort-1", input: { name: "Ada", age: 36 }) { id } }',
    );
    expect(created.errors).toBeUndefined();

    const texts = await Promise.all(clients.map((client) => client.received('next', 3)));
    const first = texts[0] as string[];
    expect(first.filter((text) => JSON.parse(text).id === '1').map(payloadOf)).toEqual([
      { data: { personChanged: { id: 'cohort-1', name: 'Ada', age: 36 } } },
    ]);
    expect(first.filter((text) => JSON.parse(text).id === '2')).toHaveLength(2);
    // Each socket's messages of one subscription, byte for byte those of every other socket.
    const bySubscription = (all: string[], id: string) => all.filter((text) => JSON.parse(text).id === id);
    for (const received of texts) {
      expect(bySubscription(received, '1')).toEqual(bySubscription(first, '1'));
      expect(bySubscription(received, '2')).toEqual(bySubscription(first, '2'));
    }
  });

  it('subscribers with different variables get their own results', async () => {
    const [one, two] = await open(2);
    const { cohorts, subscriptions } = app.liveStats();
    const query = 'subscription ($id: ID) { personChanged(id: $id) { id name } }';
    one?.subscribe('a', query, { id: 'var-1' });
    two?.subscribe('a', query, { id: 'var-2' });
    await listening(subscriptions, 2);
    expect(app.liveStats().cohorts).toBe(cohorts + 2);
    await app.gql('mutation { createPerson(id: "var-2", input: { name: "Two" }) { id } }');
    await app.gql('mutation { createPerson(id: "var-1", input: { name: "One" }) { id } }');
    expect((await one?.received('next', 1))?.map(payloadOf)).toEqual([
      { data: { personChanged: { id: 'var-1', name: 'One' } } },
    ]);
    expect((await two?.received('next', 1))?.map(payloadOf)).toEqual([
      { data: { personChanged: { id: 'var-2', name: 'Two' } } },
    ]);
  });

  it('keeps feed order, no gap and no duplicate for every member, shared or resuming, under concurrent writers', async () => {
    const started = await app.gql(
      'mutation { createPerson(id: "order-start", input: { name: "start" }) { id } }',
    );
    const cursor = started.extensions?.cursor as string;
    const clients = await open(12);
    const { subscriptions } = app.liveStats();
    clients.forEach((client, i) => {
      if (i < 10) client.subscribe('o', 'subscription { deltaAdded { cursor node { id } } }');
      else
        client.subscribe(
          'o',
          'subscription ($after: String) { deltaAdded(after: $after) { cursor node { id } } }',
          { after: cursor },
        );
    });
    await listening(subscriptions, 12);

    const written = new Set<string>();
    const WRITERS = 4;
    const WRITES = 15;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 0; n < WRITES; n++) {
          const result = await app.gql(
            `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "person", entity: "order-${w}", targetContext: "name" }, { localContext: "name", value: "${n}" }] }]) { id } }`,
          );
          expect(result.errors).toBeUndefined();
          written.add(result.data?.emitDeltas[0].id);
        }
      }),
    );
    const total = WRITERS * WRITES;
    // The feed after the cursor: every write, and perhaps the start delta if the cursor was read before it
    // passed the snapshot horizon (which other transactions on the server can hold back a moment).
    let expected: { cursor: string; node: { id: string } }[] = [];
    await vi.waitFor(
      async () => {
        const feed = await app.gql(
          `query ($after: String) { deltas(first: 1000, after: $after) { edges { cursor node { id } } } }`,
          { after: cursor },
        );
        expected = feed.data?.deltas.edges;
        expect(expected.length).toBeGreaterThanOrEqual(total);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(expected.length).toBeLessThanOrEqual(total + 1);
    const last = expected.at(-1)?.node.id as string;
    for (const [i, client] of clients.entries()) {
      await vi.waitFor(() => expect(client.texts.some((text) => text.includes(last))).toBe(true), {
        timeout: 10_000,
        interval: 10,
      });
      const received = client.texts
        .filter((text) => JSON.parse(text).type === 'next')
        .map((text) => payloadOf(text).data.deltaAdded);
      expect(new Set(received.map((edge) => edge.node.id)).size).toBe(received.length);
      // Without `after` a subscriber hears from about when it started: compare the writes made after that.
      const writes = (edges: typeof expected) => edges.filter((edge) => written.has(edge.node.id));
      expect(i < 10 ? writes(received) : received).toEqual(i < 10 ? writes(expected) : expected);
      expect(writes(received)).toHaveLength(total);
    }
  });
});
