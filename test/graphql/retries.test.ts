import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;
const total = async () => (await a.gql(`{ deltas { totalCount } }`)).data?.deltas.totalCount as number;

const EMIT = `mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id creator host timeCreated } }`;
const withId = (id: string, value = 'v') => ({
  id,
  pointers: [
    { localContext: 'person', entity: `p-${id}`, targetContext: 'name' },
    { localContext: 'name', value },
  ],
});

describe('a retried delta (id given, time and host left to the server) is a no-op (docs/design.md §1)', () => {
  it('on the same instance, answering with the delta as first stored', async () => {
    const first = await a.gql(EMIT, { d: [withId('retry-1')] });
    expect(first.errors).toBeUndefined();
    const before = await total();
    const again = await a.gql(EMIT, { d: [withId('retry-1')] });
    expect(again.errors).toBeUndefined();
    expect(again.data?.emitDeltas).toEqual(first.data?.emitDeltas);
    expect(await total()).toBe(before);
  });

  it('on another instance on the same database, which would have filled in another host', async () => {
    const first = await a.gql(EMIT, { d: [withId('retry-2')] });
    const again = await b.gql(EMIT, { d: [withId('retry-2')] });
    expect(again.errors).toBeUndefined();
    expect(again.data?.emitDeltas).toEqual(first.data?.emitDeltas);
    expect(again.data?.emitDeltas[0].host).toBe('node-a');
  });

  it('in a batch with new deltas, which are stored', async () => {
    await a.gql(EMIT, { d: [withId('retry-3')] });
    const before = await total();
    const batch = await b.gql(EMIT, { d: [withId('retry-3'), withId('retry-4')] });
    expect(batch.errors).toBeUndefined();
    expect(batch.data?.emitDeltas.map((d: { host: string }) => d.host)).toEqual(['node-a', 'node-b']);
    expect(await total()).toBe(before + 1);
  });

  it('what the client did give still has to match: other content, time, host or creator is a CONFLICT', async () => {
    await a.gql(EMIT, { d: [withId('retry-5')] });
    const stored = (await a.gql(`{ delta(id: "retry-5") { timeCreated } }`)).data?.delta.timeCreated;
    expect(codeOf(await a.gql(EMIT, { d: [withId('retry-5', 'other')] }))).toBe('CONFLICT');
    expect(codeOf(await a.gql(EMIT, { d: [{ ...withId('retry-5'), timeCreated: 1 }] }))).toBe('CONFLICT');
    expect(codeOf(await a.gql(EMIT, { d: [{ ...withId('retry-5'), host: 'elsewhere' }] }))).toBe('CONFLICT');
    expect(codeOf(await a.gql(EMIT, { d: [{ ...withId('retry-5'), creator: 'mallory' }] }))).toBe('CONFLICT');
    const exact = await a.gql(EMIT, { d: [{ ...withId('retry-5'), timeCreated: stored, host: 'node-a' }] });
    expect(exact.errors).toBeUndefined();
  });
});

describe('concurrent createPerson with one id: exactly one wins (docs/design.md §4)', () => {
  const create = (app: TestApp, id: string, n: number) =>
    app.gql(
      `mutation($id: ID, $name: String) { createPerson(id: $id, input: { name: $name }) { id name } }`,
      {
        id,
        name: `N${n}`,
      },
    );

  const settle = async (results: Awaited<ReturnType<typeof create>>[], id: string) => {
    const won = results.filter((r) => r.errors === undefined);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(results.length - 1);
    // The winner's state is what the entity is: no loser's delta was stored.
    const read = await a.gql(`{ person(id: "${id}") { name _deltas { id } } }`);
    expect(read.data?.person.name).toBe(won[0]?.data?.createPerson.name);
    expect(read.data?.person._deltas).toHaveLength(1);
  };

  it('on one instance', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => create(a, 'race-1', n)));
    await settle(results, 'race-1');
  });

  it('across two instances sharing the database', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => create(n % 2 === 0 ? a : b, 'race-2', n)),
    );
    await settle(results, 'race-2');
  });
});
