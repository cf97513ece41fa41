import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

// One transaction changes more watched people than a subscription may fall behind (1,000 events).
const PEOPLE = 1_100;

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

const ids = (prefix: string) => Array.from({ length: PEOPLE }, (_, i) => `${prefix}-${i}`);

/** One emitDeltas, so one transaction, naming every person. */
const nameAll = (app: TestApp, people: string[], name: string) =>
  app.gql(`mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`, {
    deltas: people.map((id) => ({
      pointers: [
        { localContext: 'person', entity: id, targetContext: 'name' },
        { localContext: 'name', value: `${name} ${id}` },
      ],
    })),
  });

/** Every person with this id prefix and their name, paged through the `people` list. */
/**
 * One emitDeltas naming every person with deltas of 100 entity pointers each:
 * few enough rows that the other instance's feed reads the whole transaction
 * in one batch, so it changes every one of them in one step.
 */
const nameAllInGroups = (app: TestApp, people: string[], name: string) =>
  app.gql(`mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`, {
    deltas: Array.from({ length: Math.ceil(people.length / 100) }, (_, group) => ({
      pointers: [
        ...people
          .slice(group * 100, group * 100 + 100)
          .map((id) => ({ localContext: 'person', entity: id, targetContext: 'name' })),
        { localContext: 'name', value: name },
      ],
    })),
  });

const namesOf = async (app: TestApp, prefix: string) => {
  const found = new Map<string, string>();
  let after: string | null = null;
  do {
    const result = await app.gql(
      `query($after: String) { people(first: 1000, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(result.errors).toBeUndefined();
    const page = result.data?.people;
    for (const node of page.nodes) if (node.id.startsWith(`${prefix}-`)) found.set(node.id, node.name);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return found;
};

const expectAllNamed = (found: Map<string, string>, people: string[], name: string) => {
  expect(found.size).toBe(people.length);
  for (const id of people) expect(found.get(id)).toBe(`${name} ${id}`);
};

const overloaded = [
  expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
];

describe('a subscription that cannot keep up', () => {
  it('is ended with RATE_LIMITED, while the write that overflowed it succeeds and every new value reads back', async () => {
    const people = ids('local');
    expect((await nameAll(a, people, 'old')).errors).toBeUndefined();
    expectAllNamed(await namesOf(a, 'local'), people, 'old'); // loads (watches) every one of them
    const subscription = await a.subscribe(`subscription { personChanged { id name } }`, {}, PEOPLE);
    const ended = subscription.done.then(
      () => 'completed without an error',
      (error: unknown) => error,
    );

    const written = await nameAll(a, people, 'new');

    expect(written.errors).toBeUndefined();
    expect(written.data?.emitDeltas).toHaveLength(PEOPLE);
    expect(await ended).toEqual(overloaded);
    expect(subscription.received.length).toBeLessThanOrEqual(1_000);
    expectAllNamed(await namesOf(a, 'local'), people, 'new');
    const stored = await a.gql(`{ deltas(first: 1, creator: "anonymous") { totalCount } }`);
    expect(stored.data?.deltas.totalCount).toBeGreaterThanOrEqual(2 * PEOPLE);
  });

  it('on another instance, ends there too and the feed still applies the whole transaction', async () => {
    const people = ids('remote');
    const allNamed = (found: Map<string, string>, name: string) => {
      expect(found.size).toBe(people.length);
      for (const id of people) expect(found.get(id)).toBe(name);
    };
    expect((await nameAllInGroups(a, people, 'old')).errors).toBeUndefined();
    await vi.waitFor(async () => allNamed(await namesOf(b, 'remote'), 'old'), {
      timeout: 20_000,
      interval: 100,
    });
    const subscription = await b.subscribe(`subscription { personChanged { id name } }`, {}, PEOPLE);
    const ended = subscription.done.then(
      () => 'completed without an error',
      (error: unknown) => error,
    );

    expect((await nameAllInGroups(a, people, 'new')).errors).toBeUndefined();

    expect(await ended).toEqual(overloaded);
    await vi.waitFor(async () => allNamed(await namesOf(b, 'remote'), 'new'), {
      timeout: 20_000,
      interval: 100,
    });
    // And B stays current afterwards.
    expect((await nameAll(a, people.slice(0, 3), 'later')).errors).toBeUndefined();
    await vi.waitFor(
      async () => {
        const found = await namesOf(b, 'remote');
        for (const id of people.slice(0, 3)) expect(found.get(id)).toBe(`later ${id}`);
      },
      { timeout: 20_000, interval: 100 },
    );
  });
});
