import { describe, expect, it } from 'vitest';
import type { Delta, Target } from '../../src/delta/delta.js';
import type { PropertyDeclaration } from '../../src/model/declaration.js';
import type { PropertyModel } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import type { Resolution } from '../../src/views/resolution.js';
import { resolverAccepts } from '../../src/views/resolver-accepts.js';
import { createResolver } from '../../src/views/resolvers/create-resolver.js';
import type { ViewOptions } from '../../src/views/views.js';
import { delta, inTx, negate, set, typeWith } from '../support/build-deltas.js';

const explain = (
  property: PropertyDeclaration,
  deltas: readonly Delta[],
  options?: ViewOptions,
): Resolution => {
  const type = typeWith({ p: property });
  const cache = createViewCache();
  cache.load('p1', deltas);
  return cache.resolution('p1', type, 'p', options);
};

/** `id:reason` per considered delta, `id:won` for a winner, in (timeCreated, id) order. */
const verdicts = (resolution: Resolution) =>
  resolution.considered.map((c) => `${c.delta.id}:${c.won ? 'won' : c.reason}`);
const winners = (resolution: Resolution) => resolution.winners.map((d) => d.id);

const values = (...items: Target[]) => items.map((value, i) => set(`d${i + 1}`, i + 1, 'p1', 'p', value));

describe('_resolution for each built-in resolver (docs/design.md §9)', () => {
  it('lastWriteWins: the latest wins, the rest are outranked', () => {
    const r = explain({ type: 'String' }, values('a', 'b', 'c'));
    expect(r).toMatchObject({ property: 'p', resolver: 'lastWriteWins', value: 'c' });
    expect(verdicts(r)).toEqual(['d1:OUTRANKED', 'd2:OUTRANKED', 'd3:won']);
  });

  it('firstWriteWins: the earliest wins', () => {
    const r = explain({ type: 'String', resolver: 'firstWriteWins' }, values('a', 'b'));
    expect(r.value).toBe('a');
    expect(verdicts(r)).toEqual(['d1:won', 'd2:OUTRANKED']);
  });

  it('max and min: the delta giving the extreme, the newest of equal ones', () => {
    const deltas = values(3, 9, 1, 9);
    const max = explain({ type: 'Int', resolver: 'max' }, deltas);
    expect(max.value).toBe(9);
    expect(verdicts(max)).toEqual(['d1:OUTRANKED', 'd2:OUTRANKED', 'd3:OUTRANKED', 'd4:won']);
    const min = explain({ type: 'Int', resolver: 'min' }, deltas);
    expect(min.value).toBe(1);
    expect(winners(min)).toEqual(['d3']);
  });

  it('sum, average and count: every value they take wins', () => {
    const deltas = values(2, 4, 'x');
    const sum = explain({ type: 'Int', resolver: 'sum' }, deltas);
    expect(sum.value).toBe(6);
    expect(verdicts(sum)).toEqual(['d1:won', 'd2:won', 'd3:NOT_OF_TYPE']);
    expect(explain({ type: 'Float', resolver: 'average' }, deltas)).toMatchObject({ value: 3 });
    // count counts every delta giving a value, whatever it is.
    const count = explain({ type: 'Int', resolver: 'count' }, deltas);
    expect(count.value).toBe(3);
    expect(winners(count)).toEqual(['d1', 'd2', 'd3']);
  });

  it('concatenate: every string wins, in order', () => {
    const r = explain({ type: 'String', resolver: 'concatenate', separator: ' ' }, values('a', 7, 'b'));
    expect(r.value).toBe('a b');
    expect(verdicts(r)).toEqual(['d1:won', 'd2:NOT_OF_TYPE', 'd3:won']);
  });

  it('majority: every delta giving the winning value wins', () => {
    const r = explain({ type: 'String', resolver: 'majority' }, values('x', 'y', 'x', 'y', 'y'));
    expect(r.value).toBe('y');
    expect(verdicts(r)).toEqual(['d1:OUTRANKED', 'd2:won', 'd3:OUTRANKED', 'd4:won', 'd5:won']);
  });

  it('union: the first appearance of each value wins, repeats are outranked', () => {
    const r = explain({ type: '[String]' }, values('a', 'b', 'a'));
    expect(r).toMatchObject({ resolver: 'union', value: ['a', 'b'] });
    expect(verdicts(r)).toEqual(['d1:won', 'd2:won', 'd3:OUTRANKED']);
  });

  it('custom: every visible value is an input, so every one wins', () => {
    const r = explain({ type: 'Int', resolver: ({ values: vs }) => vs.length }, values(1, 'two'));
    expect(r).toMatchObject({ resolver: 'custom', value: 2 });
    expect(winners(r)).toEqual(['d1', 'd2']);
  });

  it('references come out as { id } values', () => {
    const type = typeWith({ p: { type: 'T' } }, 'T');
    const cache = createViewCache();
    cache.load('p1', values({ id: 'e1' }));
    const r = cache.resolution('p1', type, 'p');
    expect(r.value).toEqual({ id: 'e1' });
    expect(r.considered[0]?.value).toEqual({ id: 'e1' });
  });
});

describe('_resolution reasons', () => {
  it('NEGATED, and a negated negation restores its target', () => {
    const deltas = [...values('a', 'b'), negate('n1', 5, 'd2'), negate('n2', 6, 'd1'), negate('n3', 7, 'n2')];
    const r = explain({ type: 'String' }, deltas);
    expect(r.value).toBe('a');
    expect(verdicts(r)).toEqual(['d1:won', 'd2:NEGATED']);
  });

  it('AFTER_AS_OF', () => {
    const r = explain({ type: 'String' }, values('a', 'b', 'c'), { asOf: 2 });
    expect(r.value).toBe('b');
    expect(verdicts(r)).toEqual(['d1:OUTRANKED', 'd2:won', 'd3:AFTER_AS_OF']);
  });

  it('UNTRUSTED, also for an untrusted negation', () => {
    const deltas = [
      { ...set('d1', 1, 'p1', 'p', 'a'), creator: 'alice' },
      { ...set('d2', 2, 'p1', 'p', 'b'), creator: 'mallory' },
      { ...negate('n', 3, 'd1'), creator: 'mallory' },
    ];
    const r = explain({ type: 'String' }, deltas, { trust: { creators: ['alice'] } });
    expect(r.value).toBe('a');
    expect(verdicts(r)).toEqual(['d1:won', 'd2:UNTRUSTED']);
    // Without the filter, mallory's negation counts.
    expect(verdicts(explain({ type: 'String' }, deltas))).toEqual(['d1:NEGATED', 'd2:won']);
  });

  it('INCOMPLETE_TRANSACTION', () => {
    const r = explain({ type: 'String' }, [...values('a'), inTx('t', set('d2', 2, 'p1', 'p', 'b'))]);
    expect(r.value).toBe('a');
    expect(verdicts(r)).toEqual(['d1:won', 'd2:INCOMPLETE_TRANSACTION']);
  });

  it('NOT_OF_TYPE: an ill-typed value, or none at all', () => {
    const noValue = delta('d3', 3, [
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'p' },
      { localContext: 'a', target: 1 },
      { localContext: 'b', target: 2 },
    ]);
    const r = explain({ type: 'Int' }, [...values(5, 'five'), noValue]);
    expect(r.value).toBe(5);
    expect(verdicts(r)).toEqual(['d1:won', 'd2:NOT_OF_TYPE', 'd3:NOT_OF_TYPE']);
    expect(r.considered.map((c) => c.value)).toEqual([5, 'five', undefined]);
  });

  it('an unknown property is BAD_USER_INPUT', () => {
    const type = typeWith({ p: { type: 'String' } });
    const cache = createViewCache();
    cache.load('p1', []);
    expect(() => cache.resolution('p1', type, 'nope')).toThrow(/T has no property "nope"/);
  });
});

describe('resolverAccepts', () => {
  // The table _resolution uses must agree with what each fold actually takes.
  const samples: Target[] = [null, 0, -3, 7.5, 2 ** 1000, 'x', '', true, { id: 'e' }, { json: { a: 1 } }];
  const resolvers = [
    'lastWriteWins',
    'firstWriteWins',
    'min',
    'max',
    'sum',
    'average',
    'count',
    'concatenate',
    'majority',
  ] as const;
  const types = ['Int', 'Float', 'String', 'Boolean', 'DateTime', 'JSON'] as const;
  it('agrees with the folds for every resolver and scalar type it fits', () => {
    for (const resolver of resolvers) {
      for (const scalar of types) {
        let property: PropertyModel;
        try {
          property = typeWith({ p: { type: scalar, resolver } }).properties[0] as PropertyModel;
        } catch {
          continue; // the resolver does not fit the type
        }
        for (const value of samples) {
          const fold = createResolver(property);
          const empty = JSON.stringify(fold.result());
          fold.add(value, 1, 'x');
          // A taken value changes the result, except one equal to the empty result (sum of 0, ...).
          const changed = JSON.stringify(fold.result()) !== empty;
          if (changed)
            expect(resolverAccepts(property)(value), `${resolver} ${scalar} ${JSON.stringify(value)}`).toBe(
              true,
            );
          // Taken without changing it: only a value equal to the empty result (null, a sum of 0).
          else if (resolverAccepts(property)(value)) expect(value === null || value === 0).toBe(true);
        }
      }
    }
  });
});
