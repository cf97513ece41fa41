import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EntityModel } from '../../src/model/model.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { waitCaughtUp } from './support/projection-harness.js';
import {
  countingMembers,
  exampleModel,
  type ProjectedApp,
  startProjectedApp,
} from './support/start-projected-app.js';

const database = useTestDatabase();
const stores: DeltaStore[] = [];
const apps: ProjectedApp[] = [];
let person: EntityModel;

const openStore = () => {
  const store = createPostgresStore({ url: database.url });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  person = (await exampleModel()).entity('Person') as EntityModel;
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const store of stores) await store.close();
});

const CACHE = 10;
const PEOPLE = 20 * CACHE;
const name = (i: number) => `person ${String(i).padStart(3, '0')}`;

describe('lists from the projection tables', () => {
  let first: ProjectedApp;
  let counted: ReturnType<typeof countingMembers>;

  it('pages a collection 20 times larger than the view cache, without loading its members', async () => {
    counted = countingMembers(openStore());
    first = await startProjectedApp(counted.store, { cacheEntities: CACHE });
    apps.push(first);
    await waitCaughtUp(counted.store, person);
    const before = counted.calls();

    const deltas = Array.from({ length: PEOPLE }, (_, i) => ({
      pointers: [
        { localContext: 'person', entity: `p${i}`, targetContext: 'name' },
        { localContext: 'name', value: name(i) },
      ],
    }));
    const written = await first.gql('mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }', {
      d: deltas,
    });
    expect(written.errors).toBeUndefined();

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await first.gql(
        `query($after: String) { people(first: 37, after: $after, orderBy: { field: name, direction: DESC }) {
          totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      expect(page.data?.people.totalCount).toBe(PEOPLE);
      seen.push(...(page.data?.people.nodes ?? []).map((n: { name: string }) => n.name));
      if (!page.data?.people.pageInfo.hasNextPage) break;
      after = page.data.people.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: PEOPLE }, (_, i) => name(PEOPLE - 1 - i)));
    // The in-memory path would have asked the store for every candidate member.
    expect(counted.calls()).toBe(before);
  });

  it('answers filters of one structure whatever their values, lists of values and nulls', async () => {
    // Page statements compile once per shape of query (projection-page.ts): the shape must tell apart
    // what changes their SQL, such as the length of an `in` and a null element in `contains`.
    const names = async (where: string) => {
      const page = await first.gql(
        `{ people(first: 50, orderBy: { field: id }, where: ${where}) { nodes { name } } }`,
      );
      expect(page.errors).toBeUndefined();
      return (page.data?.people.nodes ?? []).map((n: { name: string }) => n.name);
    };
    expect(await names(`{ name: { in: ["${name(1)}", "${name(2)}"] } }`)).toEqual([name(1), name(2)]);
    expect(await names(`{ name: { in: ["${name(3)}", "${name(4)}", "${name(5)}"] } }`)).toEqual([
      name(3),
      name(4),
      name(5),
    ]);
    expect(await names(`{ name: { in: [] } }`)).toEqual([]);
    expect(await names(`{ name: { in: ["${name(6)}"] } }`)).toEqual([name(6)]);
    const tagged = await first.gql(
      `mutation { createPerson(id: "tagged", input: { name: "Tagged", tags: ["t"] }) { id } }`,
    );
    expect(tagged.errors).toBeUndefined();
    expect(await names(`{ tags: { contains: "t" } }`)).toEqual(['Tagged']);
    expect(await names(`{ tags: { contains: null } }`)).toEqual([]);
    expect(await names(`{ tags: { contains: "t" } }`)).toEqual(['Tagged']);
    expect((await first.gql(`mutation { deletePerson(id: "tagged") }`)).errors).toBeUndefined();
  });

  it('shows a write to the next list on the instance that took it (read-your-writes)', async () => {
    const created = await first.gql(
      `mutation { createPerson(id: "ryw-1", input: { name: "Zed", age: 41 }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    const listed = await first.gql(`{ people(where: { age: { gte: 40 } }) { totalCount nodes { id age } } }`);
    expect(listed.data?.people).toEqual({ totalCount: 1, nodes: [{ id: 'ryw-1', age: 41 }] });

    const deleted = await first.gql(`mutation { deletePerson(id: "ryw-1") }`);
    expect(deleted.data?.deletePerson).toBe(true);
    const after = await first.gql(`{ people(where: { age: { gte: 40 } }) { totalCount } }`);
    expect(after.data?.people.totalCount).toBe(0);
  });

  it('also on an instance that does not maintain the projections, and on the other within its lag', async () => {
    const second = await startProjectedApp(openStore(), { cacheEntities: CACHE });
    apps.push(second);
    const created = await second.gql(
      `mutation { createPerson(id: "ryw-2", input: { name: "Ying", tags: ["x"] }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    const query = `{ people(where: { tags: { contains: "x" } }) { nodes { id name } } }`;
    expect((await second.gql(query)).data?.people.nodes).toEqual([{ id: 'ryw-2', name: 'Ying' }]);
    await vi.waitFor(async () => {
      expect((await first.gql(query)).data?.people.nodes).toEqual([{ id: 'ryw-2', name: 'Ying' }]);
    });
  });
});
