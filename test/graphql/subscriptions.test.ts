import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp, take } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

describe('subscriptions over graphql-ws', () => {
  it('personChanged emits exactly the sequence of new states, and only on change', async () => {
    await app.gql(`mutation { createPerson(id: "sub1", input: { name: "One" }) { id } }`);
    const states = await app.subscribe(`subscription { personChanged(id: "sub1") { name age } }`, {}, 3);
    await app.gql(`mutation { updatePerson(id: "sub1", input: { name: "Two" }) { id } }`);
    // max resolver: a lower age after a higher one changes nothing, so nothing is emitted.
    await app.gql(`mutation { updatePerson(id: "sub1", input: { age: 40 }) { id } }`);
    await app.gql(`mutation { updatePerson(id: "sub1", input: { age: 30 }) { id } }`);
    await app.gql(`mutation { createPerson(id: "other", input: { name: "Not watched" }) { id } }`);
    await app.gql(`mutation { updatePerson(id: "sub1", input: { name: "Three" }) { id } }`);
    expect(await states.done).toEqual([
      { personChanged: { name: 'Two', age: null } },
      { personChanged: { name: 'Two', age: 40 } },
      { personChanged: { name: 'Three', age: 40 } },
    ]);
  });

  it('personChanged without id follows every person', async () => {
    const states = await app.subscribe(`subscription { personChanged { id name } }`, {}, 2);
    await app.gql(`mutation { createPerson(id: "any1", input: { name: "A" }) { id } }`);
    await app.gql(`mutation { createCompany(id: "co-any", input: { name: "Not a person" }) { id } }`);
    await app.gql(`mutation { createPerson(id: "any2", input: { name: "B" }) { id } }`);
    expect(await states.done).toEqual([
      { personChanged: { id: 'any1', name: 'A' } },
      { personChanged: { id: 'any2', name: 'B' } },
    ]);
  });

  it('personChanged without id hears a person created with an id the server mints', async () => {
    const states = await app.subscribe(`subscription { personChanged { id name } }`, {}, 1);
    const created = await app.gql(`mutation { createPerson(input: { name: "Minted" }) { id } }`);
    const id = (created.data as { createPerson: { id: string } }).createPerson.id;
    expect(await states.done).toEqual([{ personChanged: { id, name: 'Minted' } }]);
  });

  it('deltaAdded resumes from a cursor with no gap and no duplicate', async () => {
    // The start cursor must cover every delta written so far. `deltas` pages only
    // below the cluster-wide snapshot horizon, so an open transaction in another
    // test file's database can hold this file's earlier writes back for a moment.
    let start: string | undefined;
    for (let tries = 0; start === undefined; tries++) {
      const page = await app.gql(
        `{ deltas(first: 1000) { totalCount nodes { id } pageInfo { endCursor } } }`,
      );
      const { totalCount, nodes, pageInfo } = page.data?.deltas ?? {};
      if (totalCount === nodes.length) start = pageInfo.endCursor as string;
      else if (tries > 200) throw new Error('earlier deltas stayed held back for 10 s');
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const emit = (n: number) =>
      app.gql(
        `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "person", entity: "feed${n}", targetContext: "name" }, { localContext: "name", value: "F${n}" }] }]) { id } }`,
      );
    const before = [];
    for (let n = 0; n < 3; n++) before.push((await emit(n)).data?.emitDeltas[0].id);

    const client = app.ws();
    const stream = take(
      client,
      `subscription($after: String) { deltaAdded(after: $after) { cursor node { id } } }`,
      { after: start },
      6,
    );
    const during = [];
    for (let n = 3; n < 6; n++) during.push((await emit(n)).data?.emitDeltas[0].id);
    const received = await stream.done;
    expect(received.map((r) => r.deltaAdded.node.id)).toEqual([...before, ...during]);

    // Resuming from the third cursor yields exactly the rest.
    const third = received[2].deltaAdded.cursor;
    const resumed = await take(
      app.ws(),
      `subscription($after: String) { deltaAdded(after: $after) { node { id } } }`,
      { after: third },
      3,
    ).done;
    expect(resumed.map((r) => r.deltaAdded.node.id)).toEqual(during);
  });
});
