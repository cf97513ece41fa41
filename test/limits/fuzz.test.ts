import fc from 'fast-check';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
let sql: postgres.Sql;
const FUZZ_MS = 20_000;

beforeAll(async () => {
  app = await startTestApp(database.url, { rateLimit: 0, maxBodyBytes: 64 * 1024 });
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const stored = async () => Number((await sql`select count(*)::int as n from deltas`)[0]?.n);

/** Pieces a document is made of: real names, punctuation, odd literals. */
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '...',
  '$v',
  '$w: Int',
  '@skip(if: true)',
  'on',
  'Person',
  'query',
  'mutation',
  'subscription',
  'fragment F on Person',
  '...F',
  'person',
  'people',
  'deltas',
  'delta',
  'emitDeltas',
  'createPerson',
  'updatePerson',
  'negateDelta',
  'id',
  'name',
  'age',
  'friends',
  'nodes',
  'edges',
  'node',
  'totalCount',
  'pointers',
  'value',
  '__schema',
  '__typename',
  'id: "p1"',
  'first: 1001',
  'first: -1',
  'first: 3',
  'input: { name: "x" }',
  'input: { age: "old" }',
  'deltas: []',
  'deltas: [{ pointers: [] }]',
  '"\\u0000"',
  '1e999',
  '-0',
  'null',
  'true',
  '"x"',
  ' ',
  '\n',
  '#',
];
const anyDocument = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(' '));

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '\u0000', 'x'.repeat(300), 'ada'));
const pointer = fc.record(
  {
    localContext: text,
    entity: fc.option(text, { nil: undefined }),
    value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    targetContext: fc.option(text, { nil: undefined }),
  },
  { requiredKeys: ['localContext'] },
);
const deltaInput = fc.record(
  {
    id: fc.oneof(fc.uuid(), text),
    creator: text,
    host: text,
    timeCreated: fc.oneof(
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
      text,
      fc.integer(),
    ),
    pointers: fc.array(pointer, { maxLength: 4 }),
  },
  { requiredKeys: ['pointers'] },
);

/** One request: a body (JSON of query and variables, or raw) and its content type. */
const request = fc.oneof(
  fc
    .record({
      query: anyDocument,
      variables: fc.option(fc.dictionary(fc.constantFrom('v', 'w', 'd'), fc.jsonValue({ maxDepth: 3 })), {
        nil: undefined,
      }),
    })
    .map((body) => ({ body: JSON.stringify(body), type: 'application/json' })),
  fc.array(deltaInput, { maxLength: 3 }).map((d) => ({
    body: JSON.stringify({
      query: 'mutation ($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }',
      variables: { d },
    }),
    type: 'application/json',
  })),
  fc
    .record({
      id: text,
      name: fc.jsonValue({ maxDepth: 1 }),
      age: fc.jsonValue({ maxDepth: 1 }),
      friends: fc.jsonValue({ maxDepth: 1 }),
    })
    .map(({ id, ...input }) => ({
      body: JSON.stringify({
        query: 'mutation ($id: ID!, $input: PersonInput!) { createPerson(id: $id, input: $input) { id } }',
        variables: { id, input },
      }),
      type: 'application/json',
    })),
  // Writes that should mostly succeed: the other kinds almost never do (about
  // one in a thousand), so on a slow run the property would see no stored write
  // at all and the rollback check would only ever compare empty tables.
  fc
    .record({
      id: fc.stringMatching(/^[a-z0-9-]{1,24}$/),
      name: fc.string({ maxLength: 40 }),
      age: fc.option(fc.integer(), { nil: null }),
      friends: fc.option(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 }), {
        nil: undefined,
      }),
    })
    .map(({ id, ...input }) => ({
      body: JSON.stringify({
        query: 'mutation ($id: ID!, $input: PersonInput!) { createPerson(id: $id, input: $input) { id } }',
        variables: { id, input },
      }),
      type: 'application/json',
    })),
  fc.record({
    body: fc.string({ maxLength: 200 }),
    type: fc.constantFrom(
      'application/json',
      'text/plain',
      'application/graphql',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
    ),
  }),
);

const RAW = /SELECT|INSERT|node_modules|\/work\/|\.ts:\d|at [\w.<>]+ \(|stack/;

describe('fuzzing the HTTP API', () => {
  it(
    'never answers 500, never leaks internals, never crashes, and stores nothing from a request that got an error',
    async () => {
      let requests = 0;
      await fc.assert(
        fc.asyncProperty(request, async ({ body, type }) => {
          requests++;
          const before = await stored();
          const response = await fetch(app.url, {
            method: 'POST',
            headers: { 'content-type': type, accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
            body,
          });
          const answer = await response.text();
          expect(response.status, answer).not.toBe(500);
          expect(answer).not.toMatch(RAW);
          let failed = response.status >= 400;
          try {
            failed ||= Boolean((JSON.parse(answer) as { errors?: unknown[] }).errors?.length);
          } catch {
            failed = true;
          }
          if (failed) expect(await stored(), `${body} -> ${answer}`).toBe(before);
        }),
        { interruptAfterTimeLimit: FUZZ_MS, numRuns: Number.MAX_SAFE_INTEGER },
      );
      expect(requests).toBeGreaterThan(50);
      expect(await stored(), 'some generated writes should succeed').toBeGreaterThan(0);
      console.info(`fuzz: ${requests} requests in ${FUZZ_MS / 1000} s, ${await stored()} deltas stored`);
      expect((await fetch(app.url.replace('/graphql', '/health'))).status).toBe(200);
    },
    FUZZ_MS + 30_000,
  );
});
