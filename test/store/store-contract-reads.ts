import { expect, test } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import {
  type ContractSubject,
  lastCursor,
  pointers,
  scope,
  setName,
  settled,
  settledHead,
} from './contract-fixtures.js';

/** Reading: the feed, lookups by entity and by collection. */
export const describeReadContract = (subject: () => ContractSubject) => {
  const store = (): DeltaStore => subject().store;

  test('since() pages in feed order strictly after a cursor; head() and count() agree', async () => {
    const { id, creator } = scope();
    const start = await settledHead(store());
    const batch = Array.from({ length: 5 }, (_, i) =>
      setName(id(`d${i}`), id('e'), `v${i}`, creator, 1_000 + i),
    );
    await store().append(batch.slice(0, 3));
    await store().append(batch.slice(3));
    await settled(store());
    const all = await store().since(start, 100);
    expect(all.map((entry) => entry.delta)).toEqual(batch);
    const page1 = await store().since(start, 2);
    const page2 = await store().since(lastCursor(page1), 2);
    const page3 = await store().since(lastCursor(page2), 2);
    expect([...page1, ...page2, ...page3].map((entry) => entry.delta.id)).toEqual(batch.map((d) => d.id));
    expect(await store().since(lastCursor(all), 10)).toEqual([]);
    expect(await store().head()).toEqual(lastCursor(all));
    const ordered = all.map((entry) => entry.cursor);
    expect(
      [...ordered].sort((a, b) =>
        a.txid === b.txid ? Number(a.position - b.position) : Number(a.txid - b.txid),
      ),
    ).toEqual(ordered);
    await expect(store().count({ creator })).resolves.toBe(5);
  });

  test('since() and count() filter by entity, creator and time', async () => {
    const { id, creator } = scope();
    const start = await settledHead(store());
    await store().append([
      setName(id('a'), id('ada'), 'Ada', creator, 10),
      setName(id('b'), id('bob'), 'Bob', creator, 20),
      setName(id('c'), id('ada'), 'Ada L.', creator, 30),
    ]);
    await settled(store());
    const ids = async (filter: Parameters<DeltaStore['since']>[2]) =>
      (await store().since(start, 100, filter)).map((entry) => entry.delta.id);
    expect(await ids({ entity: id('ada') })).toEqual([id('a'), id('c')]);
    expect(await ids({ creator, since: 20 })).toEqual([id('b'), id('c')]);
    expect(await ids({ creator: 'nobody' })).toEqual([]);
    await expect(store().count({ entity: id('ada'), since: 11 })).resolves.toBe(1);
  });

  test('byEntities finds the deltas that reference an entity, in position order', async () => {
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
    await store().append([early, employ, late]);
    expect(await store().byEntities([id('ada')])).toEqual([early, employ, late]);
    expect(await store().byEntities([id('nobody')])).toEqual([]);
    // A primitive equal to an entity id is not a reference to it.
    await store().append([setName(id('p'), id('x'), id('acme'), creator)]);
    expect(await store().byEntities([id('acme')])).toEqual([employ]);
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
    await store().append([ada, both, bob, cy]);
    expect(await store().byEntities([id('bob'), id('ada'), id('ada'), id('none')])).toEqual([ada, both, bob]);
    expect(await store().byEntities([])).toEqual([]);
  });

  test('byEntities copes with more ids than one statement takes', async () => {
    const { id, creator } = scope();
    const known = [setName(id('a'), id('e1'), 'a', creator), setName(id('b'), id('e9000'), 'b', creator)];
    await store().append(known);
    const many = Array.from({ length: 9_000 }, (_, i) => id(`e${9_000 - i}`));
    expect(await store().byEntities(many)).toEqual(known);
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
    await store().append([
      member(id('1'), id('zed')),
      member(id('2'), id('amy')),
      member(id('3'), id('zed')),
      primitive,
    ]);
    expect(await store().referencedAs(collection)).toEqual([id('amy'), id('zed')]);
    expect(await store().referencedAs(`${collection}-none`)).toEqual([]);
  });

  test('a failed append leaves the feed as it was', async () => {
    const { id, creator } = scope();
    await store().append([setName(id('taken'), id('e'), 'v', creator)]);
    await settled(store());
    const before = await store().head();
    await expect(
      store().append([setName(id('n'), id('e'), 'n', creator), setName(id('taken'), id('e'), 'w', creator)]),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store().head()).toEqual(before);
  });

  test('byEntitiesAt() reads only deltas at or before a cursor; cursorState() says when it is final', async () => {
    const { id, creator } = scope();
    const [first] = await store().append([setName(id('1'), id('e'), 'one', creator, 1)]);
    await store().append([setName(id('2'), id('e'), 'two', creator, 2)]);
    await settled(store());
    const cursor = { txid: first?.txid as bigint, position: first?.position as bigint };
    const ids = async (at: typeof cursor) => (await store().byEntitiesAt?.([id('e')], at))?.map((d) => d.id);
    expect(await ids(cursor)).toEqual([id('1')]);
    expect(await ids({ ...cursor, position: cursor.position - 1n })).toEqual([]);
    expect(await store().cursorState?.(cursor)).toEqual({ settled: true, issued: true });
    expect(await store().cursorState?.({ txid: 2n ** 60n, position: 0n })).toEqual({
      settled: false,
      issued: false,
    });
  });
};
