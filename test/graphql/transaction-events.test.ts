import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await startTestApp(database.url, { nodeId: 'node-a' });
  b = await startTestApp(database.url, { nodeId: 'node-b' });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

const setName = (app: TestApp, name: string) =>
  app.gql(`mutation { emitDeltas(deltas: [{ pointers: [
    { localContext: "person", entity: "tx", targetContext: "name" }, { localContext: "name", value: "${name}" }
  ] }]) { id } }`);

describe('entity events across instances', () => {
  it('a subscriber on B hears every committed change made on A, even when the feed reads them together', async () => {
    await setName(a, 'v0');
    const states = await b.subscribe(`subscription { personChanged(id: "tx") { name } }`, {}, 5);
    // Fired back to back: B's feed usually reads several of these in one batch.
    for (let i = 1; i <= 5; i++) await setName(a, `v${i}`);
    expect((await states.done).map((s) => s.personChanged.name)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  it('one mutation is one event: its deltas commit together', async () => {
    const states = await b.subscribe(`subscription { personChanged(id: "multi") { name age tags } }`, {}, 2);
    await a.gql(
      `mutation { createPerson(id: "multi", input: { name: "M", age: 3, tags: ["x", "y"] }) { id } }`,
    );
    await a.gql(`mutation { updatePerson(id: "multi", input: { age: 4 }) { id } }`);
    expect(await states.done).toEqual([
      { personChanged: { name: 'M', age: 3, tags: ['x', 'y'] } },
      { personChanged: { name: 'M', age: 4, tags: ['x', 'y'] } },
    ]);
  });

  it('a list on B, once warm, still sees members created through A', async () => {
    const list = `{ people(where: { tags: { contains: "warm" } }) { nodes { id } } }`;
    await a.gql(`mutation { createPerson(id: "warm1", input: { tags: ["warm"] }) { id } }`);
    await vi.waitFor(async () => expect((await b.gql(list)).data?.people.nodes).toEqual([{ id: 'warm1' }]));
    await a.gql(`mutation { createPerson(id: "warm2", input: { tags: ["warm"] }) { id } }`);
    await vi.waitFor(async () =>
      expect((await b.gql(list)).data?.people.nodes).toEqual([{ id: 'warm1' }, { id: 'warm2' }]),
    );
  });
});
