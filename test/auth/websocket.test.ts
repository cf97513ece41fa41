import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type AuthTestApp, bearer, startAuthApp, token } from './support/auth-app.js';

/** A response to an operation that wrote: the cursor of its last delta (docs/design.md §9). */
const WROTE = { cursor: expect.any(String) };

const database = useTestDatabase();
let app: AuthTestApp;

beforeAll(async () => {
  app = await startAuthApp(database.url);
});
afterAll(() => app?.stop());

/** Runs one operation and resolves with how it ended: its last result, or the close event. */
const run = (client: Client, query: string) =>
  new Promise<{ result?: any; closed?: number }>((resolve) => {
    let result: unknown;
    client.subscribe(
      { query },
      {
        next: (value) => {
          result = value;
        },
        // graphql-ws hands refused operations (an error message) to `error` as a list of errors.
        error: (error) =>
          resolve(
            Array.isArray(error)
              ? { result: { errors: error } }
              : { closed: (error as { code?: number }).code },
          ),
        complete: () => resolve({ result }),
      },
    );
  });

const EMIT = `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "note", value: "ws" }] }]) { creator } }`;

describe('graphql-ws authentication (docs/design.md §6)', () => {
  it('the connection_init token makes its sub the creator', async () => {
    const { result } = await run(app.ws(await bearer('alice')), EMIT);
    expect(result).toEqual({ data: { emitDeltas: [{ creator: 'alice' }] }, extensions: WROTE });
  });

  const bad: [string, () => Promise<Record<string, unknown>>][] = [
    ['a garbage token', async () => ({ authorization: 'Bearer garbage' })],
    ['an expired token', async () => bearer('alice', { exp: Math.floor(Date.now() / 1000) - 5 })],
    [
      'a wrongly signed token',
      async () => bearer('alice', { secret: 'another-secret-of-at-least-32-bytes' }),
    ],
    ['a forged creator parameter', async () => ({ ...(await bearer('alice')), creator: 'bob' })],
  ];

  it.each(bad)('%s closes the socket with 4403 and stores nothing', async (_name, params) => {
    const before = await app.storedCount();
    const ended = await run(app.ws(await params()), EMIT);
    expect(ended.closed).toBe(4403);
    expect(await app.storedCount()).toBe(before);
  });

  it('without a token the socket opens, reads public data, and a write is UNAUTHENTICATED', async () => {
    const before = await app.storedCount();
    const { result } = await run(app.ws(), EMIT);
    expect(result.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await app.storedCount()).toBe(before);
  });

  it("a token that expires ends the socket's subscriptions with UNAUTHENTICATED", async () => {
    // jose compares whole seconds: this token is valid now and expires within two seconds.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const client = app.ws({ authorization: `Bearer ${await token('alice', { exp })}` });
    const before = app.subscriptionsStarted();
    const ended = new Promise<{ results: any[]; completed: boolean }>((resolve, reject) => {
      const results: unknown[] = [];
      client.subscribe(
        { query: `subscription { personChanged { name } }` },
        {
          next: (value) => results.push(value),
          error: reject,
          complete: () => resolve({ results, completed: true }),
        },
      );
    });
    await app.waitForSubscription(before);
    const { results, completed } = await ended;
    expect(completed).toBe(true);
    expect(results.at(-1).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(results.at(-1).errors[0].message).toMatch(/token has expired/);
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
    // Whatever comes next with that token is refused: on the same socket UNAUTHENTICATED, or, when the
    // lazy client has already closed it, on the new socket it opens with the same payload, 4403.
    const before2 = await app.storedCount();
    const next = await run(client, EMIT);
    expect([4403, 'UNAUTHENTICATED']).toContain(next.closed ?? next.result?.errors?.[0]?.extensions?.code);
    expect(await app.storedCount()).toBe(before2);
  });
});
