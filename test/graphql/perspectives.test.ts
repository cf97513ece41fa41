import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/store/feed-cursor.js';
import { useTestDatabase } from '../support/database.js';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

const cursorOf = (response: GraphQLResponse) => response.extensions?.cursor;

/** One delta setting a property of a person, by a creator on a host, at a time. */
const say = (entity: string, property: string, value: unknown, creator: string, host: string, t: number) =>
  `{ creator: "${creator}", host: "${host}", timeCreated: ${t}, pointers: [
    { localContext: "person", entity: "${entity}", targetContext: "${property}" },
    { localContext: "${property}", value: ${JSON.stringify(value)} }] }`;

const emit = async (...deltas: string[]) => {
  const response = await app.gql(`mutation { emitDeltas(deltas: [${deltas.join(', ')}]) { id } }`);
  expect(response.errors).toBeUndefined();
  return response;
};

describe('trust filters over GraphQL (docs/design.md §9)', () => {
  beforeAll(async () => {
    await emit(
      say('t-ada', 'name', 'Ada', 'alice', 'node-a', 1000),
      say('t-ada', 'name', 'Ada by Bob', 'bob', 'node-b', 2000),
      say('t-grace', 'name', 'Grace', 'bob', 'node-b', 1000),
    );
  });

  it('person(trust) counts only the trusted deltas, each field of the filter', async () => {
    const read = (trust: string) => app.gql(`{ person(id: "t-ada", trust: ${trust}) { name } }`);
    expect((await read('{}')).data?.person.name).toBe('Ada by Bob');
    expect((await read('{ creators: ["alice"] }')).data?.person.name).toBe('Ada');
    expect((await read('{ hosts: ["node-a"] }')).data?.person.name).toBe('Ada');
    expect((await read('{ excludeCreators: ["bob"] }')).data?.person.name).toBe('Ada');
    expect((await read('{ excludeHosts: ["node-b"] }')).data?.person.name).toBe('Ada');
    expect((await read('{ creators: ["carol"] }')).data?.person).toBeNull();
  });

  it('combines with asOf', async () => {
    const late = await app.gql(`{ person(id: "t-ada", asOf: 1500, trust: { creators: ["bob"] }) { name } }`);
    expect(late.data?.person).toBeNull();
    const both = await app.gql(`{ person(id: "t-ada", asOf: 2500, trust: { creators: ["bob"] }) { name } }`);
    expect(both.data?.person.name).toBe('Ada by Bob');
  });

  it('people(trust) lists only members the trusted deltas make, resolved from them', async () => {
    const list = await app.gql(
      `{ people(trust: { creators: ["alice"] }, where: { id: { in: ["t-ada", "t-grace"] } }) { totalCount nodes { id name } } }`,
    );
    expect(list.data?.people).toEqual({ totalCount: 1, nodes: [{ id: 't-ada', name: 'Ada' }] });
  });

  it('_deltas(trust) and _lossless(trust); nested reads keep the query’s filter', async () => {
    const response = await app.gql(`{ person(id: "t-ada", trust: { creators: ["alice"] }) {
      own: _deltas { creator }
      bobs: _deltas(trust: { creators: ["bob"] }) { creator }
      everyone: _deltas(trust: {}) { creator }
      _lossless(trust: { hosts: ["node-b"] })
    } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.person.own).toEqual([{ creator: 'alice' }]);
    expect(response.data?.person.bobs).toEqual([{ creator: 'bob' }]);
    expect(response.data?.person.everyone).toEqual([{ creator: 'alice' }, { creator: 'bob' }]);
    expect(
      response.data?.person._lossless.properties.name.map((d: { creator: string }) => d.creator),
    ).toEqual(['bob']);
  });

  it('a negation by an untrusted creator does not count', async () => {
    const found = await app.gql(`{ person(id: "t-ada") { _deltas(property: "name") { id creator } } }`);
    const deltas: { id: string; creator: string }[] = found.data?.person._deltas ?? [];
    const target = deltas.find((d) => d.creator === 'alice');
    await emit(`{ creator: "mallory", timeCreated: 3000, pointers: [
      { localContext: "_negates", entity: "${target?.id}", targetContext: "negated_by" }] }`);
    const read = (trust: string) => app.gql(`{ person(id: "t-ada", trust: ${trust}) { name } }`);
    expect((await read('{ creators: ["alice"] }')).data?.person.name).toBe('Ada');
    expect((await read('{ creators: ["alice", "mallory"] }')).data?.person).toBeNull();
    const explained = await app.gql(`{ person(id: "t-ada") {
      _resolution(property: "name") { considered { delta { creator } reason } }
      trusted: _resolution(property: "name", trust: { creators: ["alice"] }) { value considered { reason } }
    } }`);
    expect(explained.data?.person._resolution.considered).toEqual([
      { delta: { creator: 'alice' }, reason: 'NEGATED' },
      { delta: { creator: 'bob' }, reason: null },
    ]);
    expect(explained.data?.person.trusted).toEqual({
      value: 'Ada',
      considered: [{ reason: null }, { reason: 'UNTRUSTED' }],
    });
  });

  it('personChanged(trust) emits only for changes the trusted deltas make', async () => {
    await emit(say('t-sub', 'name', 'Start', 'alice', 'node-a', 1000));
    const states = await app.subscribe(
      `subscription { personChanged(id: "t-sub", trust: { creators: ["alice"] }) { name } }`,
      {},
      1,
    );
    await emit(say('t-sub', 'name', 'Untrusted', 'bob', 'node-b', 2000));
    await emit(say('t-sub', 'name', 'Trusted', 'alice', 'node-a', 3000));
    expect(await states.done).toEqual([{ personChanged: { name: 'Trusted' } }]);
  });
});

describe('_resolution over GraphQL', () => {
  it('names the resolver, the winners and why the others lost', async () => {
    await app.gql(`mutation { createPerson(id: "r-ada", input: { name: "Ada", age: 36 }) { id } }`);
    await app.gql(`mutation { updatePerson(id: "r-ada", input: { age: 30 }) { id } }`);
    const response = await app.gql(`{ person(id: "r-ada") {
      _resolution(property: "age") { property resolver value winners { id } considered { value won reason } }
    } }`);
    expect(response.errors).toBeUndefined();
    const resolution = response.data?.person._resolution;
    expect(resolution).toMatchObject({ property: 'age', resolver: 'max', value: 36 });
    expect(resolution.winners).toHaveLength(1);
    expect(resolution.considered).toEqual([
      { value: 36, won: true, reason: null },
      { value: 30, won: false, reason: 'OUTRANKED' },
    ]);
  });

  it('an undeclared property is BAD_USER_INPUT', async () => {
    const response = await app.gql(`{ person(id: "r-ada") { _resolution(property: "shoeSize") { value } } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/Person has no property "shoeSize"/);
  });
});

describe('atCursor and the cursor of a mutation', () => {
  it('mutations report the cursor of their last delta in extensions.cursor; queries do not', async () => {
    const created = await app.gql(
      `mutation { createPerson(id: "c-ada", input: { name: "Ada", age: 1 }) { id } }`,
    );
    const cursor = cursorOf(created);
    expect(cursor).toEqual(expect.any(String));
    // The feed position of the mutation's last delta, read from the table (the feed itself may be held
    // back by open transactions elsewhere in the cluster): the cursor deltas and deltaAdded give it.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [last] = await sql<{ txid: string; position: string }[]>`
        SELECT txid::text AS txid, position::text AS position FROM deltas
        WHERE pointers @> ${JSON.stringify([{ target: { id: 'c-ada' } }])}::text::jsonb
        ORDER BY deltas.txid DESC, deltas.position DESC LIMIT 1`;
      expect(cursor).toBe(
        encodeCursor({ txid: BigInt(last?.txid ?? 0), position: BigInt(last?.position ?? 0) }),
      );
    } finally {
      await sql.end();
    }
    expect(cursorOf(await app.gql(`{ person(id: "c-ada") { id } }`))).toBeUndefined();
    for (const mutation of [
      `updatePerson(id: "c-ada", input: { age: 2 }) { id }`,
      `deletePerson(id: "c-ada")`,
      `emitDeltas(deltas: [${say('c-x', 'name', 'X', 'a', 'h', 1)}]) { id }`,
    ]) {
      const next = cursorOf(await app.gql(`mutation { ${mutation} }`));
      expect(next, mutation).toEqual(expect.any(String));
      expect(next).not.toBe(cursor);
    }
  });

  it('a late delta changes an asOf read but not an atCursor read', async () => {
    const first = await emit(say('c-grace', 'name', 'Grace', 'alice', 'node-a', 1000));
    const cursor = cursorOf(first);
    const atCursor = `{ person(id: "c-grace", atCursor: "${cursor}") { name } }`;
    const asOf = `{ person(id: "c-grace", asOf: 5000) { name } }`;
    expect((await app.gql(atCursor)).data?.person.name).toBe('Grace');
    expect((await app.gql(asOf)).data?.person.name).toBe('Grace');
    // Arrives later, but claims an earlier time than the asOf bound.
    await emit(say('c-grace', 'name', 'Grace Hopper', 'bob', 'node-b', 2000));
    expect((await app.gql(asOf)).data?.person.name).toBe('Grace Hopper');
    expect((await app.gql(atCursor)).data?.person.name).toBe('Grace');
    // Before the first delta's cursor the entity did not exist; lists read at a cursor too.
    const list = await app.gql(
      `{ people(atCursor: "${cursor}", where: { id: { eq: "c-grace" } }) { nodes { name } } }`,
    );
    expect(list.data?.people.nodes).toEqual([{ name: 'Grace' }]);
    const both = await app.gql(`{ person(id: "c-grace", atCursor: "${cursor}", asOf: 500) { name } }`);
    expect(both.data?.person).toBeNull();
  });

  it('references and _resolution read at the same cursor', async () => {
    const written = await app.gql(`mutation {
      createCompany(id: "c-acme", input: { name: "Acme" }) { id }
      createPerson(id: "c-eve", input: { name: "Eve", employer: "c-acme" }) { id }
    }`);
    const cursor = cursorOf(written);
    await app.gql(`mutation { updateCompany(id: "c-acme", input: { name: "Acme Ltd" }) { id } }`);
    const response = await app.gql(`{ person(id: "c-eve", atCursor: "${cursor}") {
      employer { name }
      _resolution(property: "name") { value considered { reason } }
    } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.person.employer.name).toBe('Acme');
    expect(response.data?.person._resolution).toEqual({ value: 'Eve', considered: [{ reason: null }] });
  });

  it('a cursor Rhizome did not issue is BAD_USER_INPUT', async () => {
    const forged = await app.gql(`{ person(id: "c-grace", atCursor: "not a cursor") { name } }`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(forged.errors?.[0]?.message).toMatch(/atCursor/);
    const future = Buffer.from(`${2n ** 62n}:1`).toString('base64url');
    const beyond = await app.gql(`{ person(id: "c-grace", atCursor: "${future}") { name } }`);
    expect(beyond.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(beyond.errors?.[0]?.message).toMatch(/beyond the end of the feed/);
  });
});
