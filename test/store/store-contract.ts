import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Delta, Pointer } from '../../src/delta/delta.js';
import type { DeltaStore, FeedCursor, FeedEntry } from '../../src/store/delta-store.js';

/** What each backend's test file hands the shared suite. */
export interface ContractSubject {
  /** A store on a migrated database of this file's own. */
  readonly store: DeltaStore;
  /** Another store instance on the same database (the same one where a backend allows only one). */
  readonly peer: DeltaStore;
  /** Runs one statement of raw SQL on the same database, outside the store. */
  raw(text: string): Promise<unknown>;
}

/** Ids unique to one test, so tests share a database without seeing each other's deltas. */
const scope = () => {
  const tag = randomUUID().slice(0, 8);
  return { id: (name: string) => `${tag}:${name}`, creator: `creator-${tag}` };
};

const setName = (id: string, entity: string, name: string, creator: string, timeCreated = 1_000): Delta => ({
  id,
  creator,
  host: 'node-a',
  timeCreated,
  pointers: [
    { localContext: 'person', target: { id: entity }, targetContext: 'name' },
    { localContext: 'name', target: name },
  ],
});

const pointers = (...list: Pointer[]) => list;

/**
 * Waits until no committed delta is held back from the feed. Other test files
 * write to other databases of the same cluster, and the snapshot horizon is
 * cluster-wide, so their open transactions can briefly hold ours back.
 */
const settled = async (store: DeltaStore) => {
  while (await store.heldBack?.(null)) await delay(5);
};

const lastCursor = (entries: readonly FeedEntry[]): FeedCursor | null => entries.at(-1)?.cursor ?? null;

/** Resolves on the next wake after it is created. */
const nextWake = (register: (wake: () => void) => void) => new Promise<void>((resolve) => register(resolve));

/**
 * The one contract both backends fulfil (DESIGN.md §1, §5). `open` runs in
 * `beforeAll`; every test uses ids of its own.
 */
export const describeStoreContract = (name: string, open: () => Promise<ContractSubject>) => {
  describe(`DeltaStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: DeltaStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });

    test('migrate() is idempotent', async () => {
      await expect(store.migrate()).resolves.toBeUndefined();
    });

    test('append stores a batch in order and get returns each delta as given', async () => {
      const { id, creator } = scope();
      const batch = [
        setName(id('1'), id('ada'), 'Ada', creator),
        setName(id('2'), id('ada'), 'Ada L.', creator),
      ];
      const outcomes = await store.append(batch);
      expect(outcomes.map((o) => [o.id, o.inserted])).toEqual([
        [id('1'), true],
        [id('2'), true],
      ]);
      const [one, two] = outcomes.map((o) => o.position);
      expect(two).toBeGreaterThan(one ?? 0n);
      await expect(store.get(id('2'))).resolves.toEqual(batch[1]);
      await expect(store.get(id('missing'))).resolves.toBeUndefined();
      await expect(store.getMany([id('2'), id('missing'), id('1')])).resolves.toEqual(batch);
    });

    test('a batch with one conflicting delta stores nothing', async () => {
      const { id, creator } = scope();
      await store.append([setName(id('taken'), id('e'), 'first', creator)]);
      const batch = [
        setName(id('new'), id('e'), 'x', creator),
        setName(id('taken'), id('e'), 'second', creator),
      ];
      await expect(store.append(batch)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.get(id('new'))).resolves.toBeUndefined();
      await expect(store.count({ creator })).resolves.toBe(1);
    });

    test('re-submitting an identical delta is a no-op that succeeds, also twice in one batch', async () => {
      const { id, creator } = scope();
      const delta = setName(id('d'), id('e'), 'same', creator);
      const [first] = await store.append([delta]);
      const again = await store.append([delta, setName(id('other'), id('e'), 'o', creator), delta]);
      expect(again.map((o) => [o.id, o.position, o.inserted])).toEqual([
        [id('d'), first?.position, false],
        [id('other'), expect.any(BigInt), true],
        [id('d'), first?.position, false],
      ]);
      const twice = await store.append([
        setName(id('twin'), id('e'), 't', creator),
        setName(id('twin'), id('e'), 't', creator),
      ]);
      expect(twice.map((o) => o.inserted)).toEqual([true, false]);
      expect(twice[1]?.position).toBe(twice[0]?.position);
      await expect(store.count({ creator })).resolves.toBe(3);
    });

    test('the same id with other content is CONFLICT, naming the delta', async () => {
      const { id, creator } = scope();
      await store.append([setName(id('d'), id('e'), 'one', creator)]);
      for (const changed of [
        setName(id('d'), id('e'), 'two', creator),
        { ...setName(id('d'), id('e'), 'one', creator), timeCreated: 2_000 },
        { ...setName(id('d'), id('e'), 'one', creator), creator: 'mallory' },
      ]) {
        await expect(store.append([changed])).rejects.toMatchObject({
          code: 'CONFLICT',
          message: expect.stringContaining(id('d')),
        });
      }
      const twins = [setName(id('t'), id('e'), 'a', creator), setName(id('t'), id('e'), 'b', creator)];
      await expect(store.append(twins)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.get(id('t'))).resolves.toBeUndefined();
    });

    test('content the database cannot hold is BAD_USER_INPUT, without the value in the message', async () => {
      const { id, creator } = scope();
      const secret = 'secret\u0000value';
      const error = await store
        .append([setName(id('nul'), id('e'), secret, creator)])
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((error as Error).message).not.toContain('secret');
      await expect(store.get(id('nul'))).resolves.toBeUndefined();
    });

    test('UPDATE, DELETE and TRUNCATE on deltas are refused by the database', async () => {
      const { id, creator } = scope();
      await store.append([setName(id('d'), id('e'), 'kept', creator)]);
      const quoted = `'${id('d')}'`;
      await expect(subject.raw(`UPDATE deltas SET creator = 'x' WHERE id = ${quoted}`)).rejects.toThrow(
        /append-only/,
      );
      await expect(subject.raw(`DELETE FROM deltas WHERE id = ${quoted}`)).rejects.toThrow(/append-only/);
      await expect(subject.raw('TRUNCATE deltas')).rejects.toThrow(/append-only/);
      await expect(subject.raw('DELETE FROM deltas WHERE false')).rejects.toThrow(/append-only/);
      await expect(store.get(id('d'))).resolves.toEqual(setName(id('d'), id('e'), 'kept', creator));
    });

    test('since() pages in feed order strictly after a cursor; head() and count() agree', async () => {
      const { id, creator } = scope();
      const start = await store.head();
      const batch = Array.from({ length: 5 }, (_, i) =>
        setName(id(`d${i}`), id('e'), `v${i}`, creator, 1_000 + i),
      );
      await store.append(batch.slice(0, 3));
      await store.append(batch.slice(3));
      await settled(store);
      const all = await store.since(start, 100);
      expect(all.map((entry) => entry.delta)).toEqual(batch);
      const page1 = await store.since(start, 2);
      const page2 = await store.since(lastCursor(page1), 2);
      const page3 = await store.since(lastCursor(page2), 2);
      expect([...page1, ...page2, ...page3].map((entry) => entry.delta.id)).toEqual(batch.map((d) => d.id));
      expect(await store.since(lastCursor(all), 10)).toEqual([]);
      expect(await store.head()).toEqual(lastCursor(all));
      const ordered = all.map((entry) => entry.cursor);
      expect(
        [...ordered].sort((a, b) =>
          a.txid === b.txid ? Number(a.position - b.position) : Number(a.txid - b.txid),
        ),
      ).toEqual(ordered);
      await expect(store.count({ creator })).resolves.toBe(5);
    });

    test('since() and count() filter by entity, creator and time', async () => {
      const { id, creator } = scope();
      const start = await store.head();
      await store.append([
        setName(id('a'), id('ada'), 'Ada', creator, 10),
        setName(id('b'), id('bob'), 'Bob', creator, 20),
        setName(id('c'), id('ada'), 'Ada L.', creator, 30),
      ]);
      await settled(store);
      const ids = async (filter: Parameters<DeltaStore['since']>[2]) =>
        (await store.since(start, 100, filter)).map((entry) => entry.delta.id);
      expect(await ids({ entity: id('ada') })).toEqual([id('a'), id('c')]);
      expect(await ids({ creator, since: 20 })).toEqual([id('b'), id('c')]);
      expect(await ids({ creator: 'nobody' })).toEqual([]);
      await expect(store.count({ entity: id('ada'), since: 11 })).resolves.toBe(1);
    });

    test('byEntity finds deltas by entity, by property, and as of a time', async () => {
      const { id, creator } = scope();
      const employ: Delta = {
        id: id('job'),
        creator,
        host: 'node-a',
        timeCreated: 50,
        pointers: pointers(
          { localContext: 'employee', target: { id: id('ada') }, targetContext: 'employer' },
          { localContext: 'employer', target: { id: id('acme') }, targetContext: 'employees' },
        ),
      };
      const early = setName(id('n1'), id('ada'), 'Ada', creator, 10);
      const late = setName(id('n2'), id('ada'), 'Ada L.', creator, 100);
      await store.append([early, employ, late]);
      expect(await store.byEntity(id('ada'))).toEqual([early, employ, late]);
      expect(await store.byEntity(id('ada'), { property: 'name' })).toEqual([early, late]);
      expect(await store.byEntity(id('ada'), { property: 'employer' })).toEqual([employ]);
      expect(await store.byEntity(id('acme'), { property: 'employer' })).toEqual([]);
      expect(await store.byEntity(id('ada'), { asOf: 50 })).toEqual([early, employ]);
      expect(await store.byEntity(id('ada'), { property: 'name', asOf: 99 })).toEqual([early]);
      expect(await store.byEntity(id('nobody'))).toEqual([]);
      // A primitive equal to an entity id is not a reference to it.
      await store.append([setName(id('p'), id('x'), id('acme'), creator)]);
      expect(await store.byEntity(id('acme'))).toEqual([employ]);
    });

    test('byEntities returns every delta for any of the ids, each once', async () => {
      const { id, creator } = scope();
      const both: Delta = {
        id: id('both'),
        creator,
        host: 'node-a',
        timeCreated: 1,
        pointers: pointers(
          { localContext: 'friend', target: { id: id('ada') }, targetContext: 'friends' },
          { localContext: 'friend', target: { id: id('bob') }, targetContext: 'friends' },
        ),
      };
      const ada = setName(id('a'), id('ada'), 'Ada', creator);
      const bob = setName(id('b'), id('bob'), 'Bob', creator);
      const cy = setName(id('c'), id('cy'), 'Cy', creator);
      await store.append([ada, both, bob, cy]);
      expect(await store.byEntities([id('bob'), id('ada'), id('ada'), id('none')])).toEqual([ada, both, bob]);
      expect(await store.byEntities([])).toEqual([]);
    });

    test('byEntities copes with more ids than one statement takes', async () => {
      const { id, creator } = scope();
      const known = [setName(id('a'), id('e1'), 'a', creator), setName(id('b'), id('e9000'), 'b', creator)];
      await store.append(known);
      const many = Array.from({ length: 9_000 }, (_, i) => id(`e${9_000 - i}`));
      expect(await store.byEntities(many)).toEqual(known);
    });

    test('referencedAs lists distinct entities referenced with a localContext', async () => {
      const { id, creator } = scope();
      const collection = `person-${id('c')}`;
      const member = (deltaId: string, entity: string): Delta => ({
        id: deltaId,
        creator,
        host: 'node-a',
        timeCreated: 1,
        pointers: pointers({ localContext: collection, target: { id: entity } }),
      });
      const primitive: Delta = {
        ...member(id('p'), 'x'),
        pointers: pointers({ localContext: collection, target: 'not-an-entity' }),
      };
      await store.append([
        member(id('1'), id('zed')),
        member(id('2'), id('amy')),
        member(id('3'), id('zed')),
        primitive,
      ]);
      expect(await store.referencedAs(collection)).toEqual([id('amy'), id('zed')]);
      expect(await store.referencedAs(`${collection}-none`)).toEqual([]);
    });

    test('append of thousands of deltas in one call (no parameter ceiling)', async () => {
      const { id, creator } = scope();
      const batch = Array.from({ length: 5_000 }, (_, i) =>
        setName(id(`d${i}`), id(`e${i % 50}`), `v${i}`, creator),
      );
      const outcomes = await store.append(batch);
      expect(outcomes.every((o, i) => o.inserted && o.id === batch[i]?.id)).toBe(true);
      await expect(store.count({ creator })).resolves.toBe(5_000);
      expect(await store.byEntity(id('e7'))).toHaveLength(100);
    });

    test('listen wakes once listening, and again when another instance commits', async () => {
      const { id, creator } = scope();
      let wake: () => void = () => {};
      const listening = nextWake((resolve) => {
        wake = resolve;
      });
      const subscription = await subject.peer.listen(() => wake());
      await listening; // the catch-up wake right after LISTEN
      const committed = nextWake((resolve) => {
        wake = resolve;
      });
      await store.append([setName(id('d'), id('e'), 'v', creator)]);
      await committed;
      await subscription.unlisten();
    });

    test('a failed append leaves the feed as it was', async () => {
      const { id, creator } = scope();
      await store.append([setName(id('taken'), id('e'), 'v', creator)]);
      await settled(store);
      const before = await store.head();
      await expect(
        store.append([setName(id('n'), id('e'), 'n', creator), setName(id('taken'), id('e'), 'w', creator)]),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.head()).toEqual(before);
    });

    test('ping answers true on a live database', async () => {
      await expect(store.ping()).resolves.toBe(true);
    });
  });
};
