import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { delta, inTx, lossyOf, negate, set, txMember, txSize, typeWith } from '../support/build-deltas.js';

const type = typeWith({ name: { type: 'String' }, age: { type: 'Int' } });
const t1 = inTx('tx', set('t1', 2, 'p1', 'name', 'in tx'));
const t2 = inTx('tx', set('t2', 3, 'p1', 'age', 7));
const size2 = txSize('ts', 1, 'tx', 2);

describe('transactions', () => {
  it('hide members until the declared number of members is present', () => {
    expect(lossyOf(type, [size2, t1])).toBeNull();
    expect(lossyOf(type, [size2, t1, t2])).toEqual({ name: 'in tx', age: 7 });
  });

  it('hide members while the size is unknown', () => {
    expect(lossyOf(type, [t1, t2])).toBeNull();
  });

  it('accept the size from one of the members', () => {
    const solo = delta('solo', 2, [
      txMember('tx2'),
      { localContext: '_transaction', target: { id: 'tx2' }, targetContext: 'size' },
      { localContext: 'size', target: 1 },
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
      { localContext: 'name', target: 'solo' },
    ]);
    expect(lossyOf(type, [solo])?.name).toBe('solo');
  });

  it('count members that touch other entities, and reveal all at once when applied', () => {
    const other = inTx('tx', set('t2', 3, 'someone-else', 'age', 7));
    const cache = createViewCache();
    cache.load('p1', []);
    expect(cache.apply(t1)).toEqual([]);
    expect(cache.apply(size2)).toEqual([]);
    expect(cache.lossy('p1', type)).toBeNull();
    expect(cache.apply(other)).toEqual(['p1']);
    expect(cache.lossy('p1', type)).toEqual({ name: 'in tx', age: null });
  });

  it('count each member once, however often it arrives', () => {
    const cache = createViewCache();
    cache.load('p1', [size2, t1, t1]);
    cache.apply(t1);
    expect(cache.lossy('p1', type)).toBeNull();
  });

  it('leave plain deltas visible beside them', () => {
    expect(lossyOf(type, [set('plain', 1, 'p1', 'age', 30), size2, t1])).toEqual({ name: null, age: 30 });
  });

  it('ignore a size that is not a positive integer', () => {
    expect(lossyOf(type, [txSize('bad', 1, 'tx', 0), txSize('bad2', 1, 'tx', 1.5), t1])).toBeNull();
  });
});

const by = (creator: string, d: Delta): Delta => ({ ...d, creator });

describe('transactions belong to their creator (docs/design.md §1)', () => {
  const complete = [size2, t1, t2];
  const mallory = (d: Delta) => by('mallory', d);

  it("ignore another creator's larger size, live, as of a time and loaded afresh", () => {
    const hostile = mallory(txSize('big', 5, 'tx', 3));
    const cache = createViewCache();
    cache.load('p1', complete);
    expect(cache.apply(hostile)).toEqual([]);
    expect(cache.lossy('p1', type)).toEqual({ name: 'in tx', age: 7 });
    expect(cache.lossy('p1', type, { asOf: 10 })).toEqual({ name: 'in tx', age: 7 });
    expect(lossyOf(type, [hostile, ...complete])).toEqual({ name: 'in tx', age: 7 });
  });

  it("count only the creator's own deltas as members", () => {
    const foreign = mallory(inTx('tx', set('t2', 3, 'p1', 'age', 7)));
    expect(lossyOf(type, [size2, t1, foreign])).toBeNull();
    // Mallory's piece and size open Mallory's transaction "tx", complete on its own.
    expect(lossyOf(type, [size2, t1, foreign, mallory(txSize('ms', 1, 'tx', 1))])).toEqual({
      name: null,
      age: 7,
    });
  });

  it('let a size declared by another creator hide nothing of its own', () => {
    expect(lossyOf(type, [mallory(size2), t1, t2])).toBeNull();
  });

  it("are restored when the author's own larger size is negated, live, as of a time and loaded afresh", () => {
    const wrong = txSize('wrong', 4, 'tx', 3);
    const undo = negate('undo', 6, 'wrong');
    const cache = createViewCache();
    cache.load('p1', [...complete, wrong]);
    expect(cache.lossy('p1', type)).toBeNull();
    expect(cache.apply(undo)).toEqual(['p1']);
    expect(cache.lossy('p1', type)).toEqual({ name: 'in tx', age: 7 });
    expect(cache.lossy('p1', type, { asOf: 5 })).toBeNull();
    expect(cache.lossy('p1', type, { asOf: 6 })).toEqual({ name: 'in tx', age: 7 });
    expect(lossyOf(type, [undo, wrong, ...complete])).toEqual({ name: 'in tx', age: 7 });
    // Negating the negation brings the wrong size back.
    expect(cache.apply(negate('redo', 7, 'undo'))).toEqual(['p1']);
    expect(cache.lossy('p1', type)).toBeNull();
  });

  it('count the largest size the author declares and has not negated', () => {
    expect(lossyOf(type, [size2, txSize('one', 1, 'tx', 1), t1])).toBeNull();
    expect(lossyOf(type, [size2, txSize('one', 1, 'tx', 1), t1, negate('n', 2, 'ts')])).toEqual({
      name: 'in tx',
      age: null,
    });
  });
});
