import { describe, expect, it } from 'vitest';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { inTx, negate, set, txSize, typeWith } from '../support/build-deltas.js';

const type = typeWith({ name: { type: 'String' }, visits: { type: 'Int', resolver: 'count' } });

describe('as of', () => {
  const cache = createViewCache();
  cache.load('p1', [
    set('a', 1000, 'p1', 'name', 'then'),
    set('b', 3000, 'p1', 'name', 'now'),
    set('v1', 1000, 'p1', 'visits', 1),
    set('v2', 2000, 'p1', 'visits', 1),
    negate('n', 4000, 'v1'),
  ]);
  const at = (asOf: number) => cache.lossy('p1', type, { asOf });

  it('sees only deltas created at or before the time', () => {
    expect(at(2000)).toEqual({ name: 'then', visits: 2 });
    expect(at(3000)).toEqual({ name: 'now', visits: 2 });
  });

  it('ignores negations created after the time', () => {
    expect(at(3999)?.visits).toBe(2);
    expect(at(4000)?.visits).toBe(1);
    expect(cache.lossy('p1', type)?.visits).toBe(1);
  });

  it('says the entity does not exist before its first delta', () => {
    expect(at(999)).toBeNull();
  });

  it('shapes the lossless view too', () => {
    const view = cache.lossless('p1', { asOf: 2000 });
    expect(view.properties.name?.map((d) => d.id)).toEqual(['a']);
    expect(view.properties.visits?.map((d) => d.id)).toEqual(['v1', 'v2']);
    expect(view.collections).toEqual(['person']);
  });

  it('completes a transaction only with members and size created by then', () => {
    const tx = createViewCache();
    tx.load('p1', [
      txSize('ts', 100, 'tx', 2),
      inTx('tx', set('m1', 100, 'p1', 'name', 'together')),
      inTx('tx', set('m2', 200, 'p1', 'visits', 1)),
    ]);
    expect(tx.lossy('p1', type, { asOf: 150 })).toBeNull();
    expect(tx.lossy('p1', type, { asOf: 200 })).toEqual({ name: 'together', visits: 1 });
  });
});
