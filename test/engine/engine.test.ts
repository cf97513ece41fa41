import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createDeltaDefaults } from '../../src/delta/delta-defaults.js';
import type { EntityNode } from '../../src/engine/engine.js';
import {
  createEngineStore,
  type EngineStore,
  engineOn,
  person,
  setProperty,
} from './support/engine-store.js';

/** Commits deltas as another instance would: straight into the store, past this engine. */
const commitElsewhere = (store: EngineStore, ...deltas: Delta[]) => {
  const tx = store.begin();
  for (const delta of deltas) tx.write(delta);
  tx.commit();
};

const names = async (engine: ReturnType<typeof engineOn>['engine'], ids: string[]) =>
  (await engine.entities(person, ids)).map((node) => node?.values.name ?? null);

/** The first `count` events of a stream. */
const take = async (events: AsyncIterableIterator<EntityNode>, count: number) => {
  const out: EntityNode[] = [];
  while (out.length < count) {
    const next = await events.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
};

describe('engine on the in-memory store', () => {
  it('reads its own writes, lists members only, and resolves unknown references to empty values', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada'), setProperty('d2', 'ada', 'age', 36)]);
    await engine.writeNew('bob', [setProperty('d3', 'bob', 'name', 'Bob')]);

    expect((await engine.entities(person, ['ada', 'nobody'])).map((n) => n?.values ?? null)).toEqual([
      { name: 'Ada', age: 36, label: 'Ada' },
      null,
    ]);
    expect((await engine.referenced(person, ['nobody']))[0]?.values).toEqual({
      name: null,
      age: null,
      label: null,
    });
    expect((await engine.members(person)).map((n) => n.id).sort()).toEqual(['ada', 'bob']);
    expect((await engine.lossless('ada')).collections).toEqual(['person']);
  });

  it('installs a minted entity from its own deltas without reading them back', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.writeNew('minted', [setProperty('m1', 'minted', 'name', 'New')]);
    const reads = store.entityReads;
    expect(await names(engine, ['minted'])).toEqual(['New']);
    expect(store.entityReads).toBe(reads);
  });

  it('applies feed entries from other instances to loaded views, once each', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')]);
    expect(await names(engine, ['ada'])).toEqual(['Ada']);
    commitElsewhere(store, setProperty('d2', 'ada', 'age', 40));
    const entries = await store.entriesAfter(null);
    await engine.ingest(entries);
    await engine.ingest(entries); // a feed that re-delivers changes nothing
    expect((await engine.entities(person, ['ada']))[0]?.values.age).toBe(40);
  });

  it('remove negates what makes the entity a person, so it is gone', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')]);
    const defaults = createDeltaDefaults({ creator: 'test', host: 'test' });
    expect(await engine.remove(person, 'ada', defaults)).toBe(true);
    expect(await engine.entities(person, ['ada'])).toEqual([null]);
    expect(await engine.remove(person, 'ada', defaults)).toBe(false);
  });

  it('forwards write options to the store', async () => {
    const store = createEngineStore();
    const seen: unknown[] = [];
    const append = store.append.bind(store);
    store.append = (deltas, ...rest: unknown[]) => {
      seen.push(rest[0]);
      return append(deltas);
    };
    const { engine } = engineOn(store);
    const guard = { guard: 'create' } as never;
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')], guard);
    expect(seen).toEqual([guard]);
  });
});

describe('a change listener that throws', () => {
  it('is logged, the rest of the feed batch is still applied, and views converge with the log', async () => {
    const store = createEngineStore();
    const { engine, errors } = engineOn(store);
    await engine.write(['p1', 'p2', 'p3'].map((id, i) => setProperty(`init${i}`, id, 'name', `old ${id}`)));
    expect(await names(engine, ['p1', 'p2', 'p3'])).toEqual(['old p1', 'old p2', 'old p3']);
    // Resolving "boom" throws inside the subscription's listener.
    const events = await engine.changes(person, null);

    // Three transactions in one feed batch; the first makes the listener throw.
    commitElsewhere(store, setProperty('t1', 'p1', 'name', 'boom'));
    commitElsewhere(store, setProperty('t2', 'p2', 'name', 'new p2'));
    commitElsewhere(store, setProperty('t3', 'p3', 'name', 'new p3'), setProperty('t3b', 'p3', 'age', 3));
    await engine.ingest((await store.entriesAfter(null)).slice(3));

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/listener failed/);
    expect(await names(engine, ['p2', 'p3'])).toEqual(['new p2', 'new p3']);
    const fresh = engineOn(store).engine; // loads everything from the log
    for (const id of ['p2', 'p3']) {
      expect((await engine.entities(person, [id]))[0]?.values).toEqual(
        (await fresh.entities(person, [id]))[0]?.values,
      );
    }
    await expect(engine.lossless('p1')).resolves.toEqual(await fresh.lossless('p1'));
    // The subscriber still hears the transactions after the one that threw.
    expect((await take(events, 2)).map((node) => [node.id, node.values.name])).toEqual([
      ['p2', 'new p2'],
      ['p3', 'new p3'],
    ]);
    await events.return?.();
  });
});

describe('changes', () => {
  it('emits one entity after each transaction that changes its view, and nothing for repeats', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')]);
    const events = await engine.changes(person, 'ada');
    await engine.write([setProperty('d2', 'ada', 'age', 30)]);
    await engine.write([setProperty('d3', 'ada', 'age', 20)]); // max: no change
    await engine.write([setProperty('d4', 'bob', 'name', 'Bob')]);
    await engine.write([setProperty('d5', 'ada', 'name', 'Ada L.')]);
    expect((await take(events, 2)).map((n) => n.values)).toEqual([
      { name: 'Ada', age: 30, label: 'Ada' },
      { name: 'Ada L.', age: 30, label: 'Ada L.' },
    ]);
    await events.return?.();
  });

  it('ends a subscription that falls behind with RATE_LIMITED; the write that overflowed it succeeds', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store, { subscriptionQueueLimit: 5 });
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await engine.write(ids.map((id) => setProperty(`a-${id}`, id, 'name', 'a')));
    await engine.entities(person, ids);
    const events = await engine.changes(person, null);
    await expect(
      engine.write(ids.map((id) => setProperty(`b-${id}`, id, 'name', 'b'))),
    ).resolves.toHaveLength(20);

    await expect(take(events, 20)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(events.next()).resolves.toEqual({ value: undefined, done: true });
    expect((await engine.entities(person, ids)).every((node) => node?.values.name === 'b')).toBe(true);
    // Ended means detached: later writes are not queued for it.
    await expect(engine.write([setProperty('c', 'p0', 'name', 'c')])).resolves.toHaveLength(1);
  });

  it('without an id, hears members created by other instances', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    const events = await engine.changes(person, null);
    commitElsewhere(store, setProperty('e1', 'eve', 'name', 'Eve'));
    await engine.ingest(await store.entriesAfter(null));
    expect((await take(events, 1)).map((n) => n.id)).toEqual(['eve']);
    await events.return?.();
  });
});

describe('with the store failing', () => {
  it('reads reject with the store error, never an empty or missing view, and recover', async () => {
    const store = createEngineStore();
    const { engine } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')]);
    store.readsFail = true;
    await expect(engine.entities(person, ['cold'])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(engine.lossless('cold')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(engine.members(person)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(engine.changes(person, 'cold')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    store.readsFail = false;
    expect(await names(engine, ['cold', 'ada'])).toEqual([null, 'Ada']);
  });

  it('a feed batch still applies to loaded views when the entities it would add cannot be read', async () => {
    const store = createEngineStore();
    const { engine, errors } = engineOn(store);
    await engine.write([setProperty('d1', 'ada', 'name', 'Ada')]);
    await engine.entities(person, ['ada']);
    const events = await engine.changes(person, null);
    commitElsewhere(store, setProperty('d2', 'ada', 'name', 'Ada 2'), setProperty('d3', 'new', 'name', 'N'));
    store.readsFail = true;
    await engine.ingest((await store.entriesAfter(null)).slice(1));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/loading the entities/)]);
    expect((await take(events, 1)).map((n) => n.values.name)).toEqual(['Ada 2']);
    store.readsFail = false;
    expect(await names(engine, ['ada', 'new'])).toEqual(['Ada 2', 'N']);
    await events.return?.();
  });
});
