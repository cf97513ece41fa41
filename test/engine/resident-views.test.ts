import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { deltaBytes, entityBytes } from '../../src/engine/delta-bytes.js';
import { createResidentViews } from '../../src/engine/resident-views.js';
import { createEngineStore, engineOn, person, setProperty } from './support/engine-store.js';

const PEOPLE = Array.from({ length: 200 }, (_, i) => `p${i}`);

const seeded = async () => {
  const store = createEngineStore();
  await store.append(PEOPLE.map((id) => setProperty(`n-${id}`, id, 'name', `Name ${id}`)));
  return store;
};

describe('resident views', () => {
  it('with room for 10 entities, every one of 200 people reads correctly, one by one and as a list', async () => {
    const store = await seeded();
    const { engine } = engineOn(store, { cacheEntities: 10 });
    for (const id of PEOPLE) {
      expect((await engine.entities(person, [id]))[0]?.values.name).toBe(`Name ${id}`);
    }
    const all = await engine.entities(person, PEOPLE);
    expect(all.map((node) => node?.values.name)).toEqual(PEOPLE.map((id) => `Name ${id}`));
    const members = await engine.members(person);
    expect(members.map((node) => node.id).sort()).toEqual([...PEOPLE].sort());
    expect(members.every((node) => node.values.name === `Name ${node.id}`)).toBe(true);
  });

  it('keeps at most the entity limit once reads are done, evicting the least recently used', async () => {
    const store = await seeded();
    const views = createResidentViews({ store, maxEntities: 10, maxBytes: 1 << 30 });
    await views.read(PEOPLE.slice(0, 50), () => undefined);
    expect(views.size).toBe(10);
    await views.read(['p45'], () => undefined); // p45 is now the most recent, p40 the least
    await views.read(['p100'], () => undefined);
    expect(views.isLoaded('p45')).toBe(true);
    expect(views.isLoaded('p40')).toBe(false);
    expect(views.size).toBe(10);
  });

  it('keeps the estimated bytes within the byte limit', async () => {
    const store = await seeded();
    const one = entityBytes() + deltaBytes(setProperty('n-p100', 'p100', 'name', 'Name p100'));
    const views = createResidentViews({ store, maxEntities: 1_000, maxBytes: 5 * one + 10 });
    await views.read(PEOPLE, () => undefined);
    expect(views.size).toBe(5);
  });

  it('never evicts what a read or a subscription holds, even far beyond the limits', async () => {
    const store = await seeded();
    const views = createResidentViews({ store, maxEntities: 1, maxBytes: 1 });
    const release = await views.hold(['p0', 'p1', 'p2']);
    const read = await views.read(PEOPLE, (cache) => PEOPLE.filter((id) => cache.isLoaded(id)).length);
    expect(read).toBe(PEOPLE.length);
    expect(['p0', 'p1', 'p2'].every((id) => views.isLoaded(id))).toBe(true);
    release();
    release(); // idempotent
    await views.read(['p3'], () => undefined);
    expect(views.size).toBeLessThanOrEqual(1);
  });

  it('holding the only resident entity keeps it loaded, and releasing it makes it evictable again', async () => {
    const store = await seeded();
    const views = createResidentViews({ store, maxEntities: 1, maxBytes: 1 << 30 });
    await views.read(['p0'], () => undefined); // p0 is now the LRU's only entry
    const release = await views.hold(['p0']); // taken out of the LRU without being dropped
    expect(views.isLoaded('p0')).toBe(true);
    await views.read(['p1'], () => undefined); // fills the LRU's one place: p0 is held, so it stays
    expect(views.isLoaded('p0')).toBe(true);
    release();
    await views.read(['p2'], () => undefined); // p0 and p1 compete for one place: the newest stays
    expect(views.isLoaded('p2')).toBe(true);
    expect(views.size).toBe(1);
  });

  it('a failed load rejects with the store error and holds nothing', async () => {
    const store = await seeded();
    const views = createResidentViews({ store, maxEntities: 1, maxBytes: 1 << 30 });
    store.readsFail = true;
    await expect(views.read(['p0', 'p1'], () => 'read')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(views.size).toBe(0);
    store.readsFail = false;
    await views.read(['p0'], () => undefined);
    await views.read(['p1'], () => undefined);
    expect(views.size).toBe(1);
  });

  it('applies deltas to held and resident views, and reports the changed ones before evicting for growth', async () => {
    const store = await seeded();
    const views = createResidentViews({ store, maxEntities: 2, maxBytes: 1 << 30 });
    await views.read(['p0', 'p1'], () => undefined);
    const update: Delta[] = [setProperty('u0', 'p0', 'name', 'New'), setProperty('u1', 'p1', 'name', 'New')];
    let seen: string[] = [];
    views.apply(update, (ids) => {
      seen = [...ids].filter((id) => views.isLoaded(id));
    });
    expect(seen.sort()).toEqual(['p0', 'p1']);
    expect(views.peek('p0', (cache) => cache.lossy('p0', person)?.name)).toBe('New');
    expect(views.peek('p9', () => 'loaded')).toBeUndefined();
  });
});
