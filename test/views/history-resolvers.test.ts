import { describe, expect, it } from 'vitest';
import type { ResolvedValue } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { negate, set, typeWith } from '../support/build-deltas.js';

const numbers = (value: ResolvedValue | undefined) => value as number[];

/**
 * The original rhizome-node's max, min and running-average plugins, written
 * as declarations over a dependency's history (docs/design.md §9).
 */
const type = typeWith({
  temperature: { type: 'Float' },
  highest: {
    type: 'Float',
    dependsOn: [{ property: 'temperature', history: true }],
    resolver: ({ resolved }) =>
      numbers(resolved.temperature).length ? Math.max(...numbers(resolved.temperature)) : null,
  },
  lowest: {
    type: 'Float',
    dependsOn: [{ property: 'temperature', history: true }],
    resolver: ({ resolved }) =>
      numbers(resolved.temperature).length ? Math.min(...numbers(resolved.temperature)) : null,
  },
  midpoint: {
    type: 'Float',
    dependsOn: ['highest', 'lowest'],
    resolver: ({ resolved }) =>
      resolved.highest == null ? null : ((resolved.highest as number) + (resolved.lowest as number)) / 2,
  },
  average: {
    type: 'Float',
    dependsOn: [{ property: 'temperature', history: true }],
    resolver: ({ resolved }) => {
      const all = numbers(resolved.temperature);
      return all.length ? all.reduce((a, b) => a + b, 0) / all.length : null;
    },
  },
  readings: {
    type: '[String]',
    dependsOn: [{ property: 'temperature', history: true }, 'temperature'],
    resolver: ({ resolved }) => numbers(resolved.temperature).map(String),
  },
});

// Arrival order differs from (timeCreated, id) order on purpose.
const readings = [22, 25, 18, 30, 20].map((value, i) =>
  set(`r${i}`, 100 + i, 'sensor', 'temperature', value),
);
const shuffled = [readings[3], readings[0], readings[4], readings[2], readings[1]].map(
  (d) => d as (typeof readings)[0],
);

describe('custom resolvers over a dependency’s history', () => {
  it('match the original’s temperature example: max 30, min 18, midpoint 24', () => {
    const cache = createViewCache();
    cache.load('sensor', shuffled);
    expect(cache.lossy('sensor', type)).toEqual({
      temperature: 20,
      highest: 30,
      lowest: 18,
      midpoint: 24,
      average: 23,
      readings: ['22', '25', '18', '30', '20'],
    });
  });

  it('see the values in (timeCreated, id) order, without ill-typed or negated ones', () => {
    const cache = createViewCache();
    cache.load('sensor', [
      ...readings,
      set('bad', 103, 'sensor', 'temperature', 'hot'),
      negate('n', 200, 'r3'),
    ]);
    const view = cache.lossy('sensor', type);
    expect(view?.readings).toEqual(['22', '25', '18', '20']);
    expect(view?.highest).toBe(25);
  });

  it('follow new readings incrementally and as of a time', () => {
    const cache = createViewCache();
    cache.load('sensor', readings);
    cache.apply(set('r5', 200, 'sensor', 'temperature', 41));
    expect(cache.lossy('sensor', type)?.highest).toBe(41);
    expect(cache.lossy('sensor', type, { asOf: 102 })).toMatchObject({
      highest: 25,
      lowest: 18,
      temperature: 18,
    });
  });

  it('get an empty history when the property has no value', () => {
    const cache = createViewCache();
    cache.load('sensor', [set('x', 1, 'sensor', 'other', 1)]);
    expect(cache.lossy('sensor', type)).toMatchObject({ highest: null, readings: [] });
  });
});
