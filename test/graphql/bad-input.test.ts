import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url, { maxBodyBytes: 64 * 1024 });
});
afterAll(() => app?.stop());

const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.[0]?.extensions?.code;
const total = async () => (await app.gql(`{ deltas { totalCount } }`)).data?.deltas.totalCount as number;

describe('bad input gets a coded error and stores nothing', () => {
  it.each([
    ['malformed GraphQL', `{ person(id: "x") { name `],
    ['an unknown field', `{ person(id: "x") { shoeSize } }`],
    ['a wrong scalar value', `{ people(first: "many") { totalCount } }`],
    ['a bad DateTime', `{ person(id: "x", asOf: "yesterday") { name } }`],
    ['an unknown argument', `{ people(limit: 3) { totalCount } }`],
    [
      'too deep a query',
      `{ person(id: "x") { friends { friends { friends { friends { friends { friends { friends { friends { friends { friends { id } } } } } } } } } } } }`,
    ],
    [
      'too many aliases',
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: person(id: "x") { id }`).join(' ')} }`,
    ],
    ['a garbage cursor', `{ deltas(after: "not-a-cursor") { totalCount } }`],
    ['a page that is too large', `{ deltas(first: 5000) { totalCount } }`],
  ])('%s → BAD_USER_INPUT', async (_name, query) => {
    const result = await app.gql(query);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
  });

  it('an invalid delta in a batch stores none of the batch and names the pointer', async () => {
    const before = await total();
    const result = await app.gql(`mutation { emitDeltas(deltas: [
      { pointers: [{ localContext: "person", entity: "ok", targetContext: "name" }, { localContext: "name", value: "fine" }] },
      { pointers: [{ localContext: "name", value: "x", targetContext: "nope" }] }
    ]) { id } }`);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Delta 1.*pointer 0/);
    expect(await total()).toBe(before);
  });

  it('a pointer with both entity and value is refused', async () => {
    const result = await app.gql(
      `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "a", entity: "e", value: 1 }] }]) { id } }`,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
  });

  it('re-submitting a delta id with other content is a CONFLICT; the same content is a no-op', async () => {
    const delta = `{ id: "fixed-1", timeCreated: 5, pointers: [{ localContext: "name", value: "a" }] }`;
    expect((await app.gql(`mutation { emitDeltas(deltas: [${delta}]) { id } }`)).errors).toBeUndefined();
    const before = await total();
    expect((await app.gql(`mutation { emitDeltas(deltas: [${delta}]) { id } }`)).errors).toBeUndefined();
    expect(await total()).toBe(before);
    const other = await app.gql(
      `mutation { emitDeltas(deltas: [{ id: "fixed-1", timeCreated: 5, pointers: [{ localContext: "name", value: "b" }] }]) { id } }`,
    );
    expect(codeOf(other)).toBe('CONFLICT');
  });

  it('unknown entities and deltas are NOT_FOUND where a mutation needs them', async () => {
    expect(codeOf(await app.gql(`mutation { updatePerson(id: "ghost", input: { name: "x" }) { id } }`))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await app.gql(`mutation { negateDelta(id: "ghost") { id } }`))).toBe('NOT_FOUND');
  });

  it('creating an existing entity is a CONFLICT', async () => {
    await app.gql(`mutation { createPerson(id: "twice", input: { name: "x" }) { id } }`);
    expect(codeOf(await app.gql(`mutation { createPerson(id: "twice", input: { name: "y" }) { id } }`))).toBe(
      'CONFLICT',
    );
  });

  it('an oversized request body is refused before it is read', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a bad subscription is answered with a coded error, and the server keeps serving', async () => {
    const client = app.ws();
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: `subscription { deltaAdded(after: "garbage") { cursor } }` },
        {
          next: (result) => resolve(result.errors),
          error: resolve,
          complete: () => undefined,
        },
      );
    });
    expect(JSON.stringify(error)).toContain('BAD_USER_INPUT');
    expect((await app.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });
});
