import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RhizomeError } from '../../src/errors.js';
import { maskError } from '../../src/server/error-codes.js';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
  await app.gql(`mutation { createPerson(id: "known", input: { name: "Known" }) { id } }`);
});
afterAll(() => app?.stop());

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.map((e) => e.extensions?.code);

describe('ids that Postgres cannot hold are BAD_USER_INPUT, and nothing else in the request fails', () => {
  it.each([
    ['a NUL', 'x\u0000y'],
    ['a lone high surrogate', 'x\ud800y'],
    ['a lone low surrogate', '\udc00'],
  ])('%s in an id', async (_name, odd) => {
    const result = await app.gql(
      `query($odd: ID!) { odd: person(id: $odd) { id } known: person(id: "known") { name } d: delta(id: $odd) { id } }`,
      { odd },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/NUL character or an unpaired UTF-16 surrogate/);
    expect(result.data).toEqual({ odd: null, known: { name: 'Known' }, d: null });
  });

  it.each([
    ['updatePerson', `mutation($odd: ID!) { updatePerson(id: $odd, input: { name: "x" }) { id } }`],
    ['createPerson', `mutation($odd: ID!) { createPerson(id: $odd, input: { name: "x" }) { id } }`],
    ['deletePerson', `mutation($odd: ID!) { deletePerson(id: $odd) }`],
    ['negateDelta', `mutation($odd: ID!) { negateDelta(id: $odd) { id } }`],
    ['deltas(entity)', `query($odd: ID!) { deltas(entity: $odd) { totalCount } }`],
    ['deltas(creator)', `query($odd: String!) { deltas(creator: $odd) { totalCount } }`],
  ])('in %s', async (_name, query) => {
    expect(codes(await app.gql(query, { odd: 'a\u0000b' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('deeply nested input is BAD_USER_INPUT, not a stack overflow', () => {
  it('nested list literals in the document', async () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    const result = await app.gql(
      `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "x", value: ${deep} }] }]) { id } }`,
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/nests 3\d{3} levels/);
  });

  it('a deeply nested JSON variable', async () => {
    // Written out by hand: JSON.stringify itself cannot go this deep.
    const query = `mutation($v: JSON) { emitDeltas(deltas: [{ pointers: [{ localContext: "x", value: $v }] }]) { id } }`;
    const body = `{"query":${JSON.stringify(query)},"variables":{"v":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const result = await response.json();
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors[0].message).toMatch(/deeper than 64 levels/);
  });
});

describe('DateTime input outside the range of a Date is refused at the door', () => {
  it.each([
    ['asOf as epoch ms', `{ person(id: "known", asOf: 8640000000000001) { id } }`],
    ['asOf as a negative epoch ms', `{ person(id: "known", asOf: -8640000000000001) { id } }`],
    ['since', `{ deltas(since: 8640000000000001) { totalCount } }`],
    [
      'timeCreated in DeltaInput',
      `mutation { emitDeltas(deltas: [{ timeCreated: 8640000000000001, pointers: [{ localContext: "x", value: 1 }] }]) { id } }`,
    ],
    ['an ISO string past the end', `{ person(id: "known", asOf: "+275760-09-13T00:00:00.001Z") { id } }`],
  ])('%s', async (_name, query) => {
    expect(codes(await app.gql(query))).toEqual(['BAD_USER_INPUT']);
  });

  it('the edges of the range are accepted', async () => {
    const result = await app.gql(
      `{ a: person(id: "known", asOf: 8640000000000000) { id } b: person(id: "known", asOf: -8640000000000000) { id } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { id: 'known' }, b: null });
  });
});

describe('responses follow the selection order (GraphQL spec §7.2.2)', () => {
  it('whatever order the fields resolve in', async () => {
    const result = await app.gql(
      `{ d0: person(id: "known") { name id } d1: deltas { totalCount } d2: person(id: "nobody") { id } d3: __typename }`,
    );
    expect(Object.keys(result.data ?? {})).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(Object.keys(result.data?.d0 ?? {})).toEqual(['name', 'id']);
  });
});

describe('unexpected errors are masked', () => {
  it('a Rhizome error coded INTERNAL_SERVER_ERROR shows a fixed sentence, not its message', () => {
    const internal = new RhizomeError('INTERNAL_SERVER_ERROR', 'entity "secret" is not loaded');
    const masked = maskError(new GraphQLError('wrapped', { originalError: internal }), 'Unexpected error.');
    expect(masked.message).toBe('Unexpected error.');
    expect((masked as GraphQLError).extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('a coded error the client can act on keeps its message', () => {
    const conflict = new RhizomeError('CONFLICT', 'Person "ada" already exists');
    const shown = maskError(new GraphQLError('wrapped', { originalError: conflict }), 'Unexpected error.');
    expect(shown.message).toBe('Person "ada" already exists');
  });
});
