import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
let rateLimited: TestApp;

/** `people { nodes { friends { … } } }`, `levels` of friends deep. */
const friendsOfFriends = (levels: number) =>
  `{ people { nodes { ${'friends { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;

beforeAll(async () => {
  app = await startTestApp(database.url);
  rateLimited = await startTestApp(database.url, { rateLimit: 3, rateWindowMs: 60_000 });
});
afterAll(async () => {
  await app?.stop();
  await rateLimited?.stop();
});

describe('the cost limit', () => {
  it('refuses nested friends lists within the depth limit, while /health keeps answering', async () => {
    for (let i = 0; i < 20; i++) {
      const friends = Array.from({ length: 20 }, (_, j) => `"p${(i + j + 1) % 20}"`).join(', ');
      await app.gql(
        `mutation { createPerson(id: "p${i}", input: { name: "P${i}", friends: [${friends}] }) { id } }`,
      );
    }
    const costly = app.gql(friendsOfFriends(6));
    const health = await fetch(app.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const result = await costly;
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/estimated cost is \d+; the limit is 100000/);
  });

  it('gives the same answer when the same operation without variables comes again (its cost is kept)', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await app.gql(friendsOfFriends(6));
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.extensions?.cost).toBeGreaterThan(100_000);
      expect((await app.gql(friendsOfFriends(2))).errors).toBeUndefined();
    }
  });

  it('answers an ordinary nested query', async () => {
    const result = await app.gql(friendsOfFriends(2));
    expect(result.errors).toBeUndefined();
    expect(result.data?.people.nodes.length).toBeGreaterThan(0);
  });

  it('admits the largest legal deltas page with every field (what a following peer asks for)', async () => {
    const result = await app.gql(`{ deltas(first: 1000) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id creator host timeCreated pointers { localContext entity value targetContext } } } } }`);
    expect(result.errors).toBeUndefined();
  });

  it('counts first given in a variable', async () => {
    const query = `query ($n: Int) { people(first: $n) { nodes { friends { friends { name } } } } }`;
    expect((await app.gql(query, { n: 5 })).errors).toBeUndefined();
    const big = await app.gql(query, { n: 1000 });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0]?.extensions?.cost).toBeGreaterThan(50_000);
  });

  it('counts a fragment at every place it is spread', async () => {
    const query = `fragment F on Person { friends { friends { friends { name } } } }
      { people(first: 20) { nodes { ...F friends { ...F } } } }`;
    const result = await app.gql(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the token limit', () => {
  it('refuses a document with more tokens than allowed', async () => {
    const query = `{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`;
    const result = await app.gql(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Token limit of 5000/);
  });
});

describe('the first cap', () => {
  it.each([
    ['people', '{ people(first: 1001) { totalCount } }'],
    ['deltas', '{ deltas(first: 1001) { totalCount } }'],
    ['people, negative', '{ people(first: -1) { totalCount } }'],
  ])('refuses a page above the cap on %s', async (_name, query) => {
    const result = await app.gql(query);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/first must be between 0 and 1000/);
  });
});

describe('the rate limit', () => {
  it('refuses operations past the limit with RATE_LIMITED, 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await rateLimited.gql('{ __typename }')).errors).toBeUndefined();
    const response = await fetch(rateLimited.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(JSON.stringify(body)).not.toContain('"http"');
  });

  it('counts WebSocket operations too', async () => {
    const result = await new Promise<{ errors?: readonly { extensions?: { code?: unknown } }[] }>(
      (resolve, reject) => {
        rateLimited
          .ws()
          .subscribe({ query: '{ __typename }' }, { next: resolve, error: reject, complete: () => {} });
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });
});
