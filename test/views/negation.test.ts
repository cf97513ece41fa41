import { describe, expect, it } from 'vitest';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { delta, inTx, lossyOf, negate, set, txSize, typeWith } from '../support/build-deltas.js';

const type = typeWith({ name: { type: 'String' }, score: { type: 'Float', resolver: 'sum' } });
const name = (id: string, t: number, value: string) => set(id, t, 'p1', 'name', value);

describe('negation', () => {
  it('retracts a delta from the lossy and the lossless view', () => {
    const deltas = [name('a', 1, 'first'), name('b', 2, 'second'), negate('n', 3, 'b')];
    expect(lossyOf(type, deltas)?.name).toBe('first');
    const cache = createViewCache();
    cache.load('p1', deltas);
    expect(cache.lossless('p1').properties.name?.map((d) => d.id)).toEqual(['a']);
  });

  it('is undone by negating the negation, and redone by a third', () => {
    const base = [name('a', 1, 'first'), name('b', 2, 'second'), negate('n', 3, 'b')];
    expect(lossyOf(type, [...base, negate('nn', 4, 'n')])?.name).toBe('second');
    expect(lossyOf(type, [...base, negate('nn', 4, 'n'), negate('nnn', 5, 'nn')])?.name).toBe('first');
  });

  it('needs every negation of a delta undone before the delta is back', () => {
    const deltas = [
      name('a', 1, 'first'),
      name('b', 2, 'second'),
      negate('n1', 3, 'b'),
      negate('n2', 3, 'b'),
    ];
    expect(lossyOf(type, [...deltas, negate('x', 4, 'n1')])?.name).toBe('first');
    expect(lossyOf(type, [...deltas, negate('x', 4, 'n1'), negate('y', 4, 'n2')])?.name).toBe('second');
  });

  it('applies when it arrives before its target, and ignores unknown targets', () => {
    const cache = createViewCache();
    cache.load('p1', []);
    expect(cache.apply(negate('n', 3, 'b'))).toEqual([]);
    expect(cache.apply(negate('n2', 3, 'nope'))).toEqual([]);
    cache.apply(name('a', 1, 'first'));
    expect(cache.apply(name('b', 2, 'second'))).toEqual([]);
    expect(cache.lossy('p1', type)?.name).toBe('first');
  });

  it('refolds a sum when a negation removes a value, and restores it when undone', () => {
    const cache = createViewCache();
    cache.load('p1', [set('s1', 1, 'p1', 'score', 1.5), set('s2', 2, 'p1', 'score', 2)]);
    expect(cache.lossy('p1', type)?.score).toBe(3.5);
    expect(cache.apply(negate('n', 3, 's2'))).toEqual(['p1']);
    expect(cache.lossy('p1', type)?.score).toBe(1.5);
    expect(cache.apply(negate('nn', 4, 'n'))).toEqual(['p1']);
    expect(cache.lossy('p1', type)?.score).toBe(3.5);
  });

  it('ignores a delta negating itself', () => {
    const self = delta('s', 2, [
      { localContext: '_negates', target: { id: 's' }, targetContext: 'negated_by' },
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
      { localContext: 'name', target: 'kept' },
    ]);
    expect(lossyOf(type, [self])?.name).toBe('kept');
  });

  it('counts only when the negation itself is visible (an incomplete transaction holds it back)', () => {
    const deltas = [name('a', 1, 'first'), name('b', 2, 'second'), inTx('tx', negate('n', 3, 'b'))];
    expect(lossyOf(type, deltas)?.name).toBe('second');
    expect(lossyOf(type, [...deltas, txSize('ts', 3, 'tx', 1)])?.name).toBe('first');
  });

  it('retracts a relationship from both sides', () => {
    const types = typeWith({ employer: { type: 'T' }, employees: { type: '[T]' } });
    const relate = delta('r', 1, [
      { localContext: 'person', target: { id: 'ada' }, targetContext: 'employer' },
      { localContext: 'employer', target: { id: 'acme' }, targetContext: 'employees' },
    ]);
    const cache = createViewCache();
    cache.load('ada', [relate]);
    cache.load('acme', [relate]);
    expect(cache.lossy('acme', types)?.employees).toEqual([{ id: 'ada' }]);
    expect(cache.apply(negate('n', 2, 'r')).sort()).toEqual(['acme', 'ada']);
    expect(cache.lossy('ada', types)).toBeNull();
    expect(cache.lossy('acme', types)).toBeNull();
  });
});

describe('negation cycles (docs/design.md §1): every delta on one is invisible', () => {
  const both = (id: string, t: number, target: string, value: string) =>
    delta(id, t, [
      { localContext: '_negates', target: { id: target }, targetContext: 'negated_by' },
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
      { localContext: 'name', target: value },
    ]);
  const a = both('a', 2, 'b', 'from a');
  const b = both('b', 3, 'a', 'from b');
  const base = name('base', 1, 'base');

  it('hides both sides of A ⇄ B, whichever arrives first, live and loaded', () => {
    for (const order of [
      [base, a, b],
      [base, b, a],
      [b, a, base],
    ]) {
      expect(lossyOf(type, order)?.name).toBe('base');
      const cache = createViewCache();
      cache.load('p1', []);
      for (const d of order) cache.apply(d);
      expect(cache.lossy('p1', type)?.name).toBe('base');
      expect(cache.lossless('p1').properties.name?.map((d) => d.id)).toEqual(['base']);
    }
  });

  it('is a cycle only among the deltas that exist as of a time', () => {
    const cache = createViewCache();
    cache.load('p1', [base, b, a]);
    // As of 2, b does not exist yet: a is visible and nothing negates it.
    expect(cache.lossy('p1', type, { asOf: 2 })?.name).toBe('from a');
    expect(cache.lossy('p1', type, { asOf: 3 })?.name).toBe('base');
  });

  it('hides a longer cycle, and what its members negate stays visible', () => {
    const c1 = delta('c1', 2, [
      { localContext: '_negates', target: { id: 'c3' }, targetContext: 'negated_by' },
      { localContext: '_negates', target: { id: 'base' }, targetContext: 'negated_by' },
    ]);
    const c2 = negate('c2', 2, 'c1');
    const c3 = negate('c3', 2, 'c2');
    for (const order of [
      [base, c1, c2, c3],
      [c3, c2, c1, base],
      [c2, base, c3, c1],
    ]) {
      expect(lossyOf(type, order)?.name).toBe('base');
    }
  });

  it('hides a transaction member that negates its own size declaration, and reveals the others', () => {
    const sizeBy = inTx('tx', txSize('s', 1, 'tx', 2));
    const rebel = inTx('tx', negate('r', 1, 's'));
    const member = inTx('tx', name('m', 2, 'member'));
    for (const order of [
      [sizeBy, rebel, member],
      [member, rebel, sizeBy],
      [rebel, member, sizeBy],
    ]) {
      const cache = createViewCache();
      cache.load('p1', []);
      for (const d of order) cache.apply(d);
      expect(cache.lossy('p1', type)?.name).toBe('member');
      expect(lossyOf(type, order)?.name).toBe('member');
      expect(cache.lossy('p1', type, { asOf: 5 })?.name).toBe('member');
    }
  });
});
