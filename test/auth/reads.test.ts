import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type AuthTestApp, bearer, codeOf, startAuthApp } from './support/auth-app.js';

const database = useTestDatabase();
let app: AuthTestApp;
let spy: Record<string, string>;
let alice: Record<string, string>;
let secretDelta: string;
let cursorBefore: string;

beforeAll(async () => {
  app = await startAuthApp(database.url);
  spy = await bearer('sam', { roles: ['spy'] });
  alice = await bearer('alice');
  // The write's own cursor: a `deltas` page read just after it may stop below an open transaction (§5.3).
  const ada = await app.gql(`mutation { createPerson(id: "ada", input: { name: "Ada" }) { id } }`, {}, alice);
  cursorBefore = ada.extensions?.cursor as string;
  expect(cursorBefore).toBeTruthy();
  // One delta that is both a Secret's owner and about ada: it touches Secret, so only spies read it.
  const created = await app.gql(
    `mutation { createSecret(id: "s1", input: { code: "42", owner: "ada" }) { _deltas { id } } }`,
    {},
    spy,
  );
  secretDelta = created.data?.createSecret._deltas[0].id;
  // A delta that makes ada a Secret too: it shows in ada's lossless view, and only spies may read it.
  await app.gql(
    `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "secret", entity: "ada", targetContext: "code" }, { localContext: "code", value: "007" }] }]) { id } }`,
    {},
    spy,
  );
  await app.gql(`mutation { updatePerson(id: "ada", input: { hideout: "s1" }) { id } }`, {}, alice);
  // The feed (and so `deltas`) shows a commit once no older transaction of the cluster is open.
  await vi.waitFor(
    async () => {
      const page = await app.gql(`{ deltas(first: 1000) { totalCount nodes { id } } }`, {}, spy);
      if (page.data?.deltas.nodes.length !== 5)
        throw new Error(`the feed has not caught up yet: ${JSON.stringify(page)}`);
    },
    { timeout: 15_000, interval: 50 },
  );
});
afterAll(() => app?.stop());

describe('read rules on every path (docs/design.md §6)', () => {
  const paths: [string, string, string][] = [
    ['by id', `{ secret(id: "s1") { code } }`, 'secret'],
    ['a list', `{ secrets { nodes { code } } }`, 'secrets'],
    ['delta(id)', `query($id: ID!) { delta(id: $id) { id } }`, 'delta'],
    ['deltas', `{ deltas(first: 1000) { nodes { id } } }`, 'deltas'],
    ['deltas of the entity', `{ deltas(entity: "s1") { nodes { id } } }`, 'deltas'],
  ];

  it.each(paths)(
    '%s is FORBIDDEN on that field without the role, and answers with it',
    async (_name, query, field) => {
      const denied = await app.gql(query, { id: secretDelta }, alice);
      expect(codeOf(denied)).toBe('FORBIDDEN');
      expect(denied.errors?.[0]?.path).toEqual([field]);
      const anonymous = await app.gql(query, { id: secretDelta });
      expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
      const allowed = await app.gql(query, { id: secretDelta }, spy);
      expect(allowed.errors).toBeUndefined();
    },
  );

  it('a public type stays readable, but its _deltas and _lossless are FORBIDDEN while they hold a secret delta', async () => {
    const read = await app.gql(`{ person(id: "ada") { name } }`, {}, alice);
    expect(read).toEqual({ data: { person: { name: 'Ada' } } });
    for (const field of ['_deltas { id }', '_lossless']) {
      const denied = await app.gql(`{ person(id: "ada") { ${field} } }`, {}, alice);
      expect(codeOf(denied)).toBe('FORBIDDEN');
      expect(denied.errors?.[0]?.path).toEqual(['person', field.split(' ')[0]]);
      const allowed = await app.gql(`{ person(id: "ada") { ${field} } }`, {}, spy);
      expect(allowed.errors).toBeUndefined();
    }
  });

  it('a reference to a type the caller may not read is FORBIDDEN on that field', async () => {
    const denied = await app.gql(`{ person(id: "ada") { name hideout { code } } }`, {}, alice);
    expect(codeOf(denied)).toBe('FORBIDDEN');
    expect(denied.errors?.[0]?.path).toEqual(['person', 'hideout']);
    expect(denied.data).toEqual({ person: { name: 'Ada', hideout: null } });
    const allowed = await app.gql(`{ person(id: "ada") { hideout { code } } }`, {}, spy);
    expect(allowed).toEqual({ data: { person: { hideout: { code: '42' } } } });
  });

  it('a subscription to a type the caller may not read is FORBIDDEN, and allowed with the role', async () => {
    const denied = await new Promise<unknown>((resolve) => {
      app.ws(alice).subscribe(
        { query: `subscription { secretChanged(id: "s1") { code } } ` },
        {
          next: resolve,
          error: resolve,
          complete: () => resolve('completed'),
        },
      );
    });
    expect(JSON.stringify(denied)).toContain('FORBIDDEN');

    const before = app.subscriptionsStarted();
    const events: unknown[] = [];
    const received = new Promise<void>((resolve, reject) => {
      app.ws(spy).subscribe<{ secretChanged: { code: string } }>(
        { query: `subscription { secretChanged(id: "s1") { code } }` },
        {
          next: (value) => {
            events.push(value.data);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await app.waitForSubscription(before);
    await app.gql(`mutation { updateSecret(id: "s1", input: { code: "43" }) { code } }`, {}, spy);
    await received;
    expect(events).toEqual([{ secretChanged: { code: '43' } }]);
  });

  it('deltaAdded leaves out deltas the caller may not read, and keeps the rest in order', async () => {
    const last = await app.gql(
      `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "note", value: "last" }] }]) { id } }`,
      {},
      alice,
    );
    const lastId = last.data?.emitDeltas[0].id as string;
    const seen = (headers: Record<string, string>) =>
      new Promise<string[]>((resolve, reject) => {
        const ids: string[] = [];
        const client = app.ws(headers);
        const stop = client.subscribe<{ deltaAdded: { node: { id: string } } }>(
          {
            query: `subscription($after: String) { deltaAdded(after: $after) { node { id } } }`,
            variables: { after: cursorBefore },
          },
          {
            next: (value) => {
              const node = value.data?.deltaAdded.node;
              if (!node) return reject(new Error(JSON.stringify(value)));
              ids.push(node.id);
              // The delta written last ends the collection; a copy is taken, since
              // results may still arrive before the server hears the stop.
              if (node.id === lastId) {
                stop();
                resolve([...ids]);
              }
            },
            error: reject,
            complete: () => reject(new Error(`the stream ended before ${lastId}: ${ids.join(', ')}`)),
          },
        );
      });
    const asAlice = await seen(alice);
    const asSpy = await seen(spy);
    expect(asSpy).toContain(secretDelta);
    expect(asAlice).not.toContain(secretDelta);
    // Everything the spy saw that touches no Secret reached alice too, in the same order.
    expect(asAlice).toEqual(asSpy.filter((id) => asAlice.includes(id)));
    // What alice was not sent is exactly what she may not read.
    const spyOnly = asSpy.filter((id) => !asAlice.includes(id));
    expect(spyOnly.length).toBeGreaterThan(0);
    for (const id of spyOnly) {
      const read = await app.gql(`query($id: ID!) { delta(id: $id) { id } }`, { id }, alice);
      expect(codeOf(read), id).toBe('FORBIDDEN');
    }
  });
});
