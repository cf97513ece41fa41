import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type AuthTestApp, bearer, codeOf, startAuthApp } from './support/auth-app.js';

/** A response to an operation that wrote: the cursor of its last delta (docs/design.md §9). */
const WROTE = { cursor: expect.any(String) };

const database = useTestDatabase();
let app: AuthTestApp;

beforeAll(async () => {
  app = await startAuthApp(database.url);
});
afterAll(() => app?.stop());

const EMIT = `mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id creator } }`;

/** Runs a request that must fail with `code` and asserts the deltas table did not change. */
const refused = async (
  code: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) => {
  const before = await app.storedCount();
  const response = await app.gql(query, variables, headers);
  expect(codeOf(response)).toBe(code);
  expect(await app.storedCount()).toBe(before);
  return response;
};

describe('forged creators and hosts (docs/design.md §6)', () => {
  it('an x-rhizome-creator header other than the sub is FORBIDDEN', async () => {
    const headers = { ...(await bearer('alice')), 'x-rhizome-creator': 'bob' };
    await refused('FORBIDDEN', `mutation { createPerson(input: { name: "Eve" }) { id } }`, {}, headers);
    await refused(
      'FORBIDDEN',
      `mutation { createPerson(input: { name: "Eve" }) { id } }`,
      {},
      { 'x-rhizome-creator': 'bob' },
    );
  });

  it('the header naming the sub itself is accepted', async () => {
    const headers = { ...(await bearer('alice')), 'x-rhizome-creator': 'alice' };
    const response = await app.gql(
      EMIT,
      { d: [{ pointers: [{ localContext: 'note', value: 1 }] }] },
      headers,
    );
    expect(response.data?.emitDeltas[0].creator).toBe('alice');
  });

  it('a creator in DeltaInput other than the sub is FORBIDDEN, even next to a good delta', async () => {
    const good = { pointers: [{ localContext: 'note', value: 'mine' }] };
    const forged = { creator: 'bob', pointers: [{ localContext: 'note', value: 'his' }] };
    const response = await refused('FORBIDDEN', EMIT, { d: [good, forged] }, await bearer('alice'));
    expect(response.errors?.[0]?.message).toMatch(/Delta 1 .*creator "bob"/);
  });

  it('a host other than this node is FORBIDDEN', async () => {
    await refused(
      'FORBIDDEN',
      EMIT,
      { d: [{ host: 'node-elsewhere', pointers: [{ localContext: 'note', value: 1 }] }] },
      await bearer('alice'),
    );
  });
});

describe('write rules, per pointer', () => {
  const article = (id: string) => ({
    pointers: [
      { localContext: 'article', entity: id, targetContext: 'title' },
      { localContext: 'title', value: 'News' },
    ],
  });

  it('a typed mutation of a role-restricted type needs the role', async () => {
    const create = `mutation { createArticle(id: "a1", input: { title: "News" }) { title } }`;
    await refused('FORBIDDEN', create, {}, await bearer('alice'));
    await refused('UNAUTHENTICATED', create, {}, {});
    const ok = await app.gql(create, {}, await bearer('erin', { roles: ['editor'] }));
    expect(ok).toEqual({ data: { createArticle: { title: 'News' } }, extensions: WROTE });
    await refused(
      'FORBIDDEN',
      `mutation { updateArticle(id: "a1", input: { title: "Fake" }) { title } }`,
      {},
      await bearer('alice'),
    );
    await refused('FORBIDDEN', `mutation { deleteArticle(id: "a1") }`, {}, await bearer('alice'));
  });

  it('emitDeltas is held to the same rule, by membership and by property', async () => {
    await refused('FORBIDDEN', EMIT, { d: [article('a2')] }, await bearer('alice'));
    // Only the property, no membership: Article declares `title`, so its rule still applies.
    const byProperty = {
      pointers: [
        { localContext: 'about', entity: 'a2', targetContext: 'title' },
        { localContext: 'title', value: 'x' },
      ],
    };
    await refused('FORBIDDEN', EMIT, { d: [byProperty] }, await bearer('alice'));
    // Only membership, no property.
    await refused(
      'FORBIDDEN',
      EMIT,
      { d: [{ pointers: [{ localContext: 'article', entity: 'a2' }] }] },
      await bearer('alice'),
    );
    // One forbidden delta in a batch stores none of it.
    await refused(
      'FORBIDDEN',
      EMIT,
      { d: [{ pointers: [{ localContext: 'note', value: 1 }] }, article('a2')] },
      await bearer('alice'),
    );
    const ok = await app.gql(EMIT, { d: [article('a2')] }, await bearer('erin', { roles: ['editor'] }));
    expect(ok.data?.emitDeltas).toHaveLength(1);
  });

  it('a delta that touches no declared type needs a token', async () => {
    await refused('UNAUTHENTICATED', EMIT, { d: [{ pointers: [{ localContext: 'note', value: 1 }] }] }, {});
  });
});

describe('negation', () => {
  const NEGATE = `mutation($id: ID!) { negateDelta(id: $id) { creator } }`;
  const mine = async (sub: string) => {
    const response = await app.gql(
      EMIT,
      { d: [{ pointers: [{ localContext: 'note', value: sub }] }] },
      await bearer(sub),
    );
    return response.data?.emitDeltas[0].id as string;
  };

  it('a principal may negate its own delta', async () => {
    const id = await mine('alice');
    const response = await app.gql(NEGATE, { id }, await bearer('alice'));
    expect(response).toEqual({ data: { negateDelta: { creator: 'alice' } }, extensions: WROTE });
  });

  it("negating another's delta is FORBIDDEN on negateDelta and on emitDeltas, and allowed to admin", async () => {
    const id = await mine('alice');
    await refused('FORBIDDEN', NEGATE, { id }, await bearer('bob'));
    const negation = { pointers: [{ localContext: '_negates', entity: id, targetContext: 'negated_by' }] };
    const response = await refused('FORBIDDEN', EMIT, { d: [negation] }, await bearer('bob'));
    expect(response.errors?.[0]?.message).toMatch(/a delta of "alice"/);
    const admin = await app.gql(NEGATE, { id }, await bearer('root', { roles: ['admin'] }));
    expect(admin).toEqual({ data: { negateDelta: { creator: 'root' } }, extensions: WROTE });
  });

  it('negating a delta not stored here needs admin, since its creator is unknown', async () => {
    const negation = {
      pointers: [{ localContext: '_negates', entity: 'not-yet-here', targetContext: 'negated_by' }],
    };
    await refused('FORBIDDEN', EMIT, { d: [negation] }, await bearer('bob'));
  });

  it('delete<Type> of an entity someone else wrote needs admin', async () => {
    await app.gql(
      `mutation { createPerson(id: "p-alice", input: { name: "Al" }) { id } }`,
      {},
      await bearer('alice'),
    );
    await refused('FORBIDDEN', `mutation { deletePerson(id: "p-alice") }`, {}, await bearer('bob'));
    const own = await app.gql(`mutation { deletePerson(id: "p-alice") }`, {}, await bearer('alice'));
    expect(own).toEqual({ data: { deletePerson: true }, extensions: WROTE });
  });
});

describe('time', () => {
  it('a timeCreated more than the allowed skew ahead is BAD_USER_INPUT', async () => {
    const future = Date.now() + 10 * 60_000;
    const response = await refused(
      'BAD_USER_INPUT',
      EMIT,
      { d: [{ timeCreated: future, pointers: [{ localContext: 'note', value: 1 }] }] },
      await bearer('alice'),
    );
    expect(response.errors?.[0]?.message).toMatch(/ahead of the server's clock/);
    const near = await app.gql(
      EMIT,
      { d: [{ timeCreated: Date.now() + 1000, pointers: [{ localContext: 'note', value: 2 }] }] },
      await bearer('alice'),
    );
    expect(near.errors).toBeUndefined();
  });
});
