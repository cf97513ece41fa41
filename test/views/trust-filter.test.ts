import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { trusts } from '../../src/views/trust-filter.js';
import type { ViewOptions } from '../../src/views/views.js';
import { inTx, negate, set, txSize, typeWith } from '../support/build-deltas.js';

/** A delta as written by `creator` and first accepted by `host`. */
const by = (creator: string, host: string, d: Delta): Delta => ({ ...d, creator, host });

const type = typeWith({ name: { type: 'String' }, tags: { type: '[String]' } });

const view = (deltas: readonly Delta[], options?: ViewOptions) => {
  const cache = createViewCache();
  cache.load('p1', deltas);
  return cache.lossy('p1', type, options);
};

const alice = set('a', 1, 'p1', 'name', 'Ada');
const bob = set('b', 2, 'p1', 'name', 'Bobby');
const deltas = [by('alice', 'node-a', alice), by('bob', 'node-b', bob)];

describe('trust filters (docs/design.md §9)', () => {
  it('without a filter, or with an empty one, every delta counts', () => {
    expect(view(deltas)?.name).toBe('Bobby');
    expect(view(deltas, { trust: {} })?.name).toBe('Bobby');
  });

  it('creators keeps only the listed creators', () => {
    expect(view(deltas, { trust: { creators: ['alice'] } })?.name).toBe('Ada');
    expect(view(deltas, { trust: { creators: ['alice', 'bob'] } })?.name).toBe('Bobby');
  });

  it('an empty creators list trusts nobody, so the entity does not exist', () => {
    expect(view(deltas, { trust: { creators: [] } })).toBeNull();
  });

  it('hosts keeps only deltas the listed nodes first accepted', () => {
    expect(view(deltas, { trust: { hosts: ['node-a'] } })?.name).toBe('Ada');
    expect(view(deltas, { trust: { hosts: ['node-c'] } })).toBeNull();
  });

  it('excludeCreators and excludeHosts drop the listed ones', () => {
    expect(view(deltas, { trust: { excludeCreators: ['bob'] } })?.name).toBe('Ada');
    expect(view(deltas, { trust: { excludeHosts: ['node-b'] } })?.name).toBe('Ada');
    expect(view(deltas, { trust: { excludeHosts: ['node-a', 'node-b'] } })).toBeNull();
  });

  it('every given list must agree', () => {
    const filter = { creators: ['alice', 'bob'], excludeHosts: ['node-b'] };
    expect(trusts(filter, by('alice', 'node-a', alice))).toBe(true);
    expect(trusts(filter, by('bob', 'node-b', bob))).toBe(false);
    expect(view(deltas, { trust: filter })?.name).toBe('Ada');
  });

  it('combines with asOf: both must admit a delta', () => {
    const later = by('alice', 'node-a', set('c', 3, 'p1', 'name', 'Countess'));
    const all = [...deltas, later];
    expect(view(all, { trust: { creators: ['alice'] } })?.name).toBe('Countess');
    expect(view(all, { trust: { creators: ['alice'] }, asOf: 2 })?.name).toBe('Ada');
    expect(view(all, { trust: { creators: ['bob'] }, asOf: 1 })).toBeNull();
  });

  it('a negation by an untrusted creator does not count', () => {
    const negation = by('mallory', 'node-m', negate('n', 5, 'a'));
    const all = [by('alice', 'node-a', alice), negation];
    expect(view(all)).toBeNull();
    expect(view(all, { trust: { creators: ['alice'] } })?.name).toBe('Ada');
    expect(view(all, { trust: { excludeCreators: ['mallory'] } })?.name).toBe('Ada');
    expect(view(all, { trust: { creators: ['alice', 'mallory'] } })).toBeNull();
  });

  it('a trusted negation counts, and an untrusted negation of it does not restore the delta', () => {
    const all = [
      by('alice', 'node-a', alice),
      by('alice', 'node-a', negate('n1', 5, 'a')),
      by('mallory', 'node-m', negate('n2', 6, 'n1')),
    ];
    expect(view(all)?.name).toBe('Ada');
    expect(view(all, { trust: { creators: ['alice'] } })).toBeNull();
  });

  it('negation and the filter combine with asOf', () => {
    const all = [by('alice', 'node-a', alice), by('alice', 'node-a', negate('n', 5, 'a'))];
    expect(view(all, { trust: { creators: ['alice'] }, asOf: 4 })?.name).toBe('Ada');
    expect(view(all, { trust: { creators: ['alice'] }, asOf: 5 })).toBeNull();
  });

  it('a transaction whose pieces are not all trusted stays incomplete', () => {
    const tx = [
      by('alice', 'node-a', inTx('t', set('x1', 1, 'p1', 'tags', 'one'))),
      by('alice', 'node-b', inTx('t', set('x2', 1, 'p1', 'tags', 'two'))),
      by('alice', 'node-a', txSize('s', 1, 't', 2)),
    ];
    expect(view(tx)?.tags).toEqual(['one', 'two']);
    expect(view(tx, { trust: { hosts: ['node-a'] } })).toBeNull();
  });

  it('filters lossless views and membership too', () => {
    const cache = createViewCache();
    cache.load('p1', deltas);
    const lossless = cache.lossless('p1', { trust: { creators: ['bob'] } });
    expect(lossless.properties.name?.map((d) => d.id)).toEqual(['b']);
    expect(cache.isMember('p1', 'person', { trust: { creators: ['carol'] } })).toBe(false);
    expect(cache.isMember('p1', 'person', { trust: { creators: ['bob'] } })).toBe(true);
  });

  it('leaves the live view and its cache as they were', () => {
    const cache = createViewCache();
    cache.load('p1', deltas);
    expect(cache.lossy('p1', type, { trust: { creators: ['alice'] } })?.name).toBe('Ada');
    expect(cache.lossy('p1', type)?.name).toBe('Bobby');
  });
});
