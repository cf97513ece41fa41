import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const PEOPLE = Array.from({ length: 200 }, (_, i) => `cached-${String(i).padStart(3, '0')}`);

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url, { cacheEntities: 10 });
  const written = await app.gql(`mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`, {
    deltas: PEOPLE.map((id, i) => ({
      pointers: [
        { localContext: 'person', entity: id, targetContext: 'age' },
        { localContext: 'age', value: i },
      ],
    })),
  });
  expect(written.errors).toBeUndefined();
});
afterAll(() => app?.stop());

describe('a view cache far smaller than the working set (10 of 200 entities)', () => {
  it('reads every person correctly through person(id), also in one request', async () => {
    for (const [i, id] of PEOPLE.entries()) {
      expect(await app.gql(`query($id: ID!) { person(id: $id) { age } }`, { id })).toEqual({
        data: { person: { age: i } },
      });
    }
    const aliased = PEOPLE.slice(0, 25)
      .map((id, i) => `p${i}: person(id: "${id}") { id age }`)
      .join(' ');
    const all = await app.gql(`{ ${aliased} }`);
    expect(all.errors).toBeUndefined();
    expect(Object.values(all.data ?? {}).map((p) => p.age)).toEqual(PEOPLE.slice(0, 25).map((_, i) => i));
  });

  it('lists, filters and orders correctly', async () => {
    const list = await app.gql(
      `{ people(first: 1000, orderBy: { field: age, direction: DESC }, where: { age: { gte: 100 } }) { totalCount nodes { id age } } }`,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data?.people.totalCount).toBe(100);
    expect(list.data?.people.nodes).toEqual(
      PEOPLE.map((id, age) => ({ id, age }))
        .filter((p) => p.age >= 100)
        .reverse(),
    );
  });

  it('updates entities that were evicted', async () => {
    const id = PEOPLE[0] as string;
    const updated = await app.gql(
      `mutation($id: ID!) { updatePerson(id: $id, input: { age: 500 }) { age } }`,
      {
        id,
      },
    );
    expect(updated).toEqual({
      data: { updatePerson: { age: 500 } },
      extensions: { cursor: expect.any(String) },
    });
    for (const other of PEOPLE.slice(100)) await app.gql(`{ person(id: "${other}") { age } }`);
    expect(await app.gql(`{ person(id: "${id}") { age } }`)).toEqual({ data: { person: { age: 500 } } });
  });
});
