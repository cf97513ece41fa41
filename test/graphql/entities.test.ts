import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

const PERSON = `id name nickname age visits tags bio label employer { id name } friends { id name }`;

describe('entity queries and mutations', () => {
  it('creates, reads, updates and deletes a person', async () => {
    const created = await app.gql(
      `mutation { createPerson(id: "ada", input: { name: "Ada", age: 36, tags: ["math", "poetry"] }) { ${PERSON} } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createPerson).toMatchObject({
      id: 'ada',
      name: 'Ada',
      age: 36,
      tags: ['math', 'poetry'],
      label: 'Ada (36)',
      employer: null,
      friends: [],
    });

    const updated = await app.gql(
      `mutation { updatePerson(id: "ada", input: { age: 30, nickname: "Enchantress" }) { age nickname } }`,
    );
    // age resolves with max: 36 stays.
    expect(updated.data?.updatePerson).toEqual({ age: 36, nickname: 'Enchantress' });

    const read = await app.gql(`{ person(id: "ada") { name age nickname } }`);
    expect(read.data?.person).toEqual({ name: 'Ada', age: 36, nickname: 'Enchantress' });

    const deleted = await app.gql(`mutation { deletePerson(id: "ada") }`);
    expect(deleted.data?.deletePerson).toBe(true);
    expect((await app.gql(`{ person(id: "ada") { id } }`)).data?.person).toBeNull();
    // History stays readable.
    const deltas = await app.gql(`{ deltas(entity: "ada") { totalCount } }`);
    expect(deltas.data?.deltas.totalCount).toBeGreaterThan(4);
  });

  it('reads an entity as of a past time', async () => {
    await app.gql(`mutation { emitDeltas(deltas: [
      { timeCreated: 1000, pointers: [{ localContext: "person", entity: "grace", targetContext: "name" }, { localContext: "name", value: "Grace" }] },
      { timeCreated: 2000, pointers: [{ localContext: "person", entity: "grace", targetContext: "name" }, { localContext: "name", value: "Grace Hopper" }] }
    ]) { id } }`);
    const now = await app.gql(`{ person(id: "grace") { name } }`);
    expect(now.data?.person.name).toBe('Grace Hopper');
    const then = await app.gql(`{ person(id: "grace", asOf: 1500) { name } }`);
    expect(then.data?.person.name).toBe('Grace');
    const before = await app.gql(`{ person(id: "grace", asOf: "1970-01-01T00:00:00.500Z") { name } }`);
    expect(before.data?.person).toBeNull();
  });

  it('relationship deltas set both sides, and references resolve', async () => {
    await app.gql(`mutation { createCompany(id: "acme", input: { name: "Acme" }) { id } }`);
    await app.gql(`mutation { createPerson(id: "linus", input: { name: "Linus" }) { id } }`);
    const emitted = await app.gql(
      `mutation { emitDeltas(deltas: [{ pointers: [
      { localContext: "employee", entity: "linus", targetContext: "employer" },
      { localContext: "employer", entity: "acme", targetContext: "employees" }
    ] }]) { id creator host pointers { localContext entity targetContext value } } }`,
      undefined,
      {
        'x-rhizome-creator': 'alice',
      },
    );
    expect(emitted.errors).toBeUndefined();
    expect(emitted.data?.emitDeltas[0]).toMatchObject({ creator: 'alice', host: 'node-test' });
    const linus = await app.gql(`{ person(id: "linus") { employer { id name employees { id name } } } }`);
    expect(linus.data?.person.employer).toEqual({
      id: 'acme',
      name: 'Acme',
      employees: [{ id: 'linus', name: 'Linus' }],
    });
  });

  it('negates and restores a delta', async () => {
    const made = await app.gql(`mutation { createPerson(id: "neg", input: { name: "Before" }) { id } }`);
    expect(made.errors).toBeUndefined();
    const setName = await app.gql(
      `mutation { updatePerson(id: "neg", input: { name: "After" }) { _deltas(property: "name") { id } } }`,
    );
    const ids = setName.data?.updatePerson._deltas.map((d: { id: string }) => d.id) as string[];
    const latest = ids.at(-1) as string;
    const negation = await app.gql(`mutation { negateDelta(id: "${latest}") { id } }`);
    expect((await app.gql(`{ person(id: "neg") { name } }`)).data?.person.name).toBe('Before');
    const negated = await app.gql(`{ delta(id: "${latest}") { negatedBy { id } } }`);
    expect(negated.data?.delta.negatedBy).toEqual([{ id: negation.data?.negateDelta.id }]);
    await app.gql(`mutation { negateDelta(id: "${negation.data?.negateDelta.id}") { id } }`);
    expect((await app.gql(`{ person(id: "neg") { name } }`)).data?.person.name).toBe('After');
  });

  it('lists with filters, ordering and cursor pagination', async () => {
    for (const [id, name, age] of [
      ['l1', 'Lia', 20],
      ['l2', 'Lou', 40],
      ['l3', 'Lee', 30],
      ['l4', 'Lyn', 50],
    ] as const) {
      await app.gql(
        `mutation { createPerson(id: "${id}", input: { name: "${name}", age: ${age}, tags: ["list"] }) { id } }`,
      );
    }
    const query = `query($after: String) { people(first: 2, after: $after, where: { tags: { contains: "list" }, age: { gte: 25 } }, orderBy: { field: age, direction: DESC }) {
      totalCount nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } } }`;
    const first = await app.gql(query);
    expect(first.data?.people).toMatchObject({
      totalCount: 3,
      nodes: [{ id: 'l4' }, { id: 'l2' }],
      pageInfo: { hasNextPage: true },
    });
    const second = await app.gql(query, { after: first.data?.people.pageInfo.endCursor });
    expect(second.data?.people).toMatchObject({ nodes: [{ id: 'l3' }], pageInfo: { hasNextPage: false } });
    const or = await app.gql(
      `{ people(where: { or: [{ name: { eq: "Lia" } }, { name: { contains: "yn" } }], not: { age: { lt: 21 } } }) { nodes { id } } }`,
    );
    expect(or.data?.people.nodes).toEqual([{ id: 'l4' }]);
  });

  it('batches references: a list of people with employers loads in a few round trips', async () => {
    const input = Array.from(
      { length: 30 },
      (_, i) =>
        `p${i}: createPerson(id: "batch${i}", input: { name: "B${i}", employer: "co${i}", tags: ["batch"] }) { id }`,
    );
    expect((await app.gql(`mutation { ${input.join('\n')} }`)).errors).toBeUndefined();
    const result = await app.gql(
      `{ people(first: 100, where: { tags: { contains: "batch" } }) { totalCount nodes { employer { id } } } }`,
    );
    expect(result.data?.people.totalCount).toBe(30);
    expect(
      result.data?.people.nodes.every((n: { employer: { id: string } }) => n.employer.id.startsWith('co')),
    ).toBe(true);
  });

  it('delete negates only what is still visible, and the entity is gone', async () => {
    await app.gql(`mutation { createPerson(id: "del", input: { name: "D", age: 5 }) { id } }`);
    const made = await app.gql(`{ person(id: "del") { _deltas { id } } }`);
    const [first, second] = (made.data?.person._deltas ?? []).map((d: { id: string }) => d.id) as string[];
    await app.gql(`mutation { negateDelta(id: "${first}") { id } }`);
    expect((await app.gql(`mutation { deletePerson(id: "del") }`)).data?.deletePerson).toBe(true);
    expect((await app.gql(`{ person(id: "del") { id } }`)).data?.person).toBeNull();
    const negations = async (id: string) =>
      (await app.gql(`{ delta(id: "${id}") { negatedBy { id } } }`)).data?.delta.negatedBy.length;
    expect(await negations(first as string)).toBe(1); // already retracted: not negated again
    expect(await negations(second as string)).toBe(1);
    expect((await app.gql(`mutation { deletePerson(id: "del") }`)).data?.deletePerson).toBe(false);
  });
});
