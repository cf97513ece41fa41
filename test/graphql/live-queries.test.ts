import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { rawGraphqlWs } from '../support/raw-graphql-ws.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let a: TestApp;
let b: TestApp;
const sockets: Awaited<ReturnType<typeof rawGraphqlWs>>[] = [];

beforeAll(async () => {
  a = await startTestApp(database.url, { nodeId: 'node-a' });
  b = await startTestApp(database.url, { nodeId: 'node-b' });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await a?.stop();
  await b?.stop();
});

/** A live query on `app`; `results(n)` resolves with its first n results' data. */
async function live(app: TestApp, query: string) {
  const socket = await rawGraphqlWs(app.url);
  sockets.push(socket);
  socket.subscribe('live', query);
  const results = async (count: number) =>
    (await socket.received('next', count)).map((text) => {
      const { payload } = JSON.parse(text);
      expect(payload.errors).toBeUndefined();
      return payload.data;
    });
  return { results, count: () => socket.texts.filter((text) => text.includes('"next"')).length };
}

const ok = async (app: TestApp, query: string) => {
  const result = await app.gql(query);
  expect(result.errors).toBeUndefined();
};

describe('@live queries', () => {
  it('push when an entity they read changes, also when it first appears, and not on unrelated writes', async () => {
    const q = await live(a, 'query @live { person(id: "live-1") { id name } }');
    expect(await q.results(1)).toEqual([{ person: null }]);
    await ok(a, 'mutation { createPerson(id: "live-1", input: { name: "Ada" }) { id } }');
    expect((await q.results(2))[1]).toEqual({ person: { id: 'live-1', name: 'Ada' } });
    // Unrelated: another person, a company. Then a related write: the next push must be that one.
    await ok(a, 'mutation { createPerson(id: "live-other", input: { name: "Bob" }) { id } }');
    await ok(a, 'mutation { createCompany(id: "live-co", input: { name: "Acme" }) { id } }');
    await ok(a, 'mutation { updatePerson(id: "live-1", input: { name: "Ada L" }) { id } }');
    expect((await q.results(3))[2]).toEqual({ person: { id: 'live-1', name: 'Ada L' } });
    expect(q.count()).toBe(3);
  });

  it('push when a list gains, reorders or loses a member, and not when a write leaves it as it was', async () => {
    const q = await live(
      a,
      'query @live { people(where: { tags: { contains: "livelist" } }, orderBy: { field: name }) { nodes { id name } } }',
    );
    const names = async (n: number) =>
      ((await q.results(n)).at(-1).people.nodes as { id: string }[]).map((node) => node.id);
    expect(await names(1)).toEqual([]);
    await ok(a, 'mutation { createPerson(id: "l-b", input: { name: "B", tags: ["livelist"] }) { id } }');
    expect(await names(2)).toEqual(['l-b']);
    await ok(a, 'mutation { createPerson(id: "l-a", input: { name: "A", tags: ["livelist"] }) { id } }');
    expect(await names(3)).toEqual(['l-a', 'l-b']);
    // A person outside the list, and a company: the list is unchanged, so nothing is pushed.
    await ok(a, 'mutation { createPerson(id: "l-out", input: { name: "0", tags: ["elsewhere"] }) { id } }');
    await ok(a, 'mutation { createCompany(id: "l-co", input: { name: "Acme" }) { id } }');
    await ok(a, 'mutation { updatePerson(id: "l-a", input: { name: "C" }) { id } }');
    expect(await names(4)).toEqual(['l-b', 'l-a']);
    await ok(a, 'mutation { deletePerson(id: "l-b") }');
    expect(await names(5)).toEqual(['l-a']);
    expect(q.count()).toBe(5);
  });

  it('hear writes made on another instance', async () => {
    const one = await live(b, 'query @live { person(id: "live-far") { name } }');
    const list = await live(b, 'query @live { people(where: { tags: { contains: "far" } }) { totalCount } }');
    expect(await one.results(1)).toEqual([{ person: null }]);
    expect(await list.results(1)).toEqual([{ people: { totalCount: 0 } }]);
    await ok(a, 'mutation { createPerson(id: "live-far", input: { name: "Far", tags: ["far"] }) { id } }');
    expect((await one.results(2))[1]).toEqual({ person: { name: 'Far' } });
    await vi.waitFor(
      async () => expect((await list.results(list.count())).at(-1)).toEqual({ people: { totalCount: 1 } }),
      {
        timeout: 10_000,
        interval: 20,
      },
    );
  });
});
