import { describe, expect, it } from 'vitest';
import { type Delta, isEntityRef } from '../../src/delta/delta.js';
import { closureIds } from '../../src/views/closure-ids.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { delta, inTx, negate, set, txSize, typeWith } from '../support/build-deltas.js';

const type = typeWith({ name: { type: 'String' }, visits: { type: 'Int', resolver: 'count' } });

describe('createViewCache', () => {
  it('reports which loaded entities a delta changed', () => {
    const cache = createViewCache();
    cache.load('p1', []);
    expect(cache.apply(set('a', 1, 'p1', 'name', 'Ada'))).toEqual(['p1']);
    expect(cache.apply(set('b', 1, 'p2', 'name', 'Bob'))).toEqual([]);
    expect(cache.isLoaded('p2')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('is idempotent per delta id, in apply and in load', () => {
    const cache = createViewCache();
    const visit = set('v', 1, 'p1', 'visits', 1);
    cache.load('p1', [visit, visit]);
    expect(cache.apply(visit)).toEqual([]);
    cache.load('p1', [visit]);
    expect(cache.lossy('p1', type)?.visits).toBe(1);
    expect(cache.lossless('p1').properties.visits).toHaveLength(1);
  });

  it('attaches a delta already held for another entity when that entity is loaded', () => {
    const both = delta('both', 1, [
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
      { localContext: 'person', target: { id: 'p2' }, targetContext: 'name' },
      { localContext: 'name', target: 'Twin' },
    ]);
    const cache = createViewCache();
    cache.load('p1', []);
    cache.apply(both);
    cache.load('p2', [both]);
    expect(cache.lossy('p2', type)?.name).toBe('Twin');
  });

  it('returns the same frozen view until something changes', () => {
    const cache = createViewCache();
    cache.load('p1', [set('a', 1, 'p1', 'name', 'Ada')]);
    const first = cache.lossy('p1', type);
    expect(cache.lossy('p1', type)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    cache.apply(set('b', 2, 'p1', 'name', 'Grace'));
    expect(cache.lossy('p1', type)).toEqual({ name: 'Grace', visits: 0 });
  });

  it('answers membership of a collection, now and as of a time', () => {
    const cache = createViewCache();
    cache.load('p1', [
      delta('m', 10, [{ localContext: 'person', target: { id: 'p1' } }]),
      negate('n', 20, 'm'),
    ]);
    expect(cache.isMember('p1', 'person')).toBe(false);
    expect(cache.isMember('p1', 'person', { asOf: 15 })).toBe(true);
    expect(cache.isMember('p1', 'person', { asOf: 5 })).toBe(false);
    expect(cache.isMember('p1', 'company')).toBe(false);
    cache.apply(negate('nn', 30, 'n'));
    expect(cache.isMember('p1', 'person')).toBe(true);
  });

  it('shares one fold between types that declare a property alike', () => {
    const other = typeWith({ name: { type: 'String' } }, 'Other');
    const cache = createViewCache();
    cache.load('p1', [set('a', 1, 'p1', 'name', 'Ada')]);
    expect(cache.lossy('p1', type)?.name).toBe('Ada');
    expect(cache.lossy('p1', other)?.name).toBe('Ada');
    cache.apply(set('b', 2, 'p1', 'name', 'Grace'));
    expect(cache.lossy('p1', other)?.name).toBe('Grace');
    expect(cache.lossy('p1', type)?.name).toBe('Grace');
  });

  it('forgets an evicted entity, which can be loaded again', () => {
    const deltas = [set('a', 1, 'p1', 'name', 'Ada'), negate('n', 2, 'a'), set('b', 1, 'p1', 'visits', 1)];
    const cache = createViewCache();
    cache.load('p1', deltas);
    cache.evict('p1');
    expect(cache.isLoaded('p1')).toBe(false);
    expect(() => cache.lossy('p1', type)).toThrow(/not loaded/);
    expect(cache.apply(set('c', 3, 'p1', 'visits', 1))).toEqual([]);
    cache.load('p1', [...deltas, set('c', 3, 'p1', 'visits', 1)]);
    expect(cache.lossy('p1', type)).toEqual({ name: null, visits: 2 });
  });

  it('lets the negations of an evicted entity go with it (issue 11), and restores them on reload', () => {
    const deltas = [
      set('a', 1, 'p1', 'name', 'Ada'),
      set('b', 2, 'p1', 'visits', 1),
      delta('del', 3, [
        { localContext: '_negates', target: { id: 'a' }, targetContext: 'negated_by' },
        { localContext: '_negates', target: { id: 'b' }, targetContext: 'negated_by' },
      ]),
      negate('undo', 4, 'del'),
      negate('redo', 5, 'undo'),
    ];
    const cache = createViewCache();
    cache.load('p1', deltas);
    cache.load('p2', [set('c', 1, 'p2', 'name', 'Cy')]);
    expect(cache.deltas).toBe(6);
    cache.evict('p1');
    expect(cache.deltas).toBe(1);
    cache.load('p1', deltas);
    expect(cache.lossy('p1', type)).toBeNull();
    expect(cache.apply(negate('again', 6, 'redo'))).toEqual(['p1']);
    expect(cache.lossy('p1', type)).toEqual({ name: 'Ada', visits: 1 });
  });

  it('keeps on eviction a negation that also negates a delta still held, or one not seen yet', () => {
    const cache = createViewCache();
    cache.load('p1', [set('a', 1, 'p1', 'name', 'Ada')]);
    cache.load('p2', [set('c', 1, 'p2', 'name', 'Cy')]);
    const both = delta('both', 2, [
      { localContext: '_negates', target: { id: 'a' }, targetContext: 'negated_by' },
      { localContext: '_negates', target: { id: 'c' }, targetContext: 'negated_by' },
      { localContext: '_negates', target: { id: 'later' }, targetContext: 'negated_by' },
    ]);
    cache.apply(both);
    cache.evict('p1');
    expect(cache.lossy('p2', type)).toBeNull();
    cache.evict('p2');
    // "later" may still arrive for a loaded entity: the negation stays for it.
    expect(cache.deltas).toBe(1);
    cache.load('p3', []);
    cache.apply(set('later', 3, 'p3', 'name', 'negated on arrival'));
    expect(cache.lossy('p3', type)).toBeNull();
  });

  it('keeps negations and transactions seen before an entity was loaded', () => {
    const cache = createViewCache();
    cache.apply(negate('n', 5, 'a'));
    cache.apply(txSize('ts', 1, 'tx', 2));
    cache.apply(inTx('tx', set('m1', 1, 'other', 'name', 'x')));
    cache.load('p1', []);
    cache.apply(set('a', 1, 'p1', 'name', 'negated early'));
    expect(cache.lossy('p1', type)).toBeNull();
    expect(cache.apply(inTx('tx', set('m2', 1, 'p1', 'visits', 1)))).toEqual(['p1']);
    expect(cache.lossy('p1', type)).toEqual({ name: null, visits: 1 });
  });
});

describe('closureIds', () => {
  it('names every delta id and every transaction id, once', () => {
    const deltas: Delta[] = [
      set('a', 1, 'p1', 'name', 'Ada'),
      inTx('tx', set('b', 1, 'p1', 'name', 'B')),
      txSize('ts', 1, 'tx', 2),
      negate('n', 2, 'a'),
    ];
    expect(closureIds(deltas).sort()).toEqual(['a', 'b', 'n', 'ts', 'tx']);
  });

  it('drives a loader to a complete view: negations of negations and other transaction members', () => {
    const store: Delta[] = [
      set('a', 1, 'p1', 'name', 'first'),
      set('b', 2, 'p1', 'name', 'second'),
      negate('n', 3, 'b'),
      negate('nn', 4, 'n'),
      inTx('tx', set('t1', 5, 'p1', 'visits', 1)),
      inTx('tx', set('t2', 5, 'elsewhere', 'visits', 1)),
      txSize('ts', 5, 'tx', 2),
    ];
    const referencing = (ids: readonly string[]) =>
      store.filter((d) => d.pointers.some((p) => isEntityRef(p.target) && ids.includes(p.target.id)));
    const asked = new Set(['p1']);
    let batch = referencing(['p1']);
    const all = [...batch];
    for (;;) {
      const next = closureIds(batch).filter((id) => !asked.has(id));
      if (next.length === 0) break;
      for (const id of next) asked.add(id);
      batch = referencing(next).filter((d) => !all.includes(d));
      all.push(...batch);
    }
    const cache = createViewCache();
    cache.load('p1', all);
    expect(cache.lossy('p1', type)).toEqual({ name: 'second', visits: 1 });
  });
});
