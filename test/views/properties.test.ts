import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { compileModel } from '../../src/model/compile-model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import type { ViewCache, ViewOptions } from '../../src/views/views.js';
import { negate } from '../support/build-deltas.js';
import { cyclicDeltaSets, deltaSets, ENTITIES, shuffledCyclicDeltaSets } from './support/arbitrary-deltas.js';

/** Convergence: views are a function of the delta set (docs/design.md §2), whatever the order of arrival. */

const suite = JSON.parse(readFileSync(new URL('./conformance.json', import.meta.url), 'utf8'));
const model = compileModel([{ file: 'conformance.json', declarations: suite.entities }]);

/** Every entity as every type, plus the lossless views. */
const snapshot = (cache: ViewCache, options?: ViewOptions) =>
  ENTITIES.map((id) => ({
    id,
    lossless: cache.lossless(id, options),
    lossy: model.entities.map((type) => cache.lossy(id, type, options)),
  }));

const loaded = (deltas: readonly Delta[]): ViewCache => {
  const cache = createViewCache();
  for (const id of ENTITIES) cache.load(id, deltas);
  return cache;
};

/** Loads nothing, then applies one delta at a time, reading views in between so folds are live. */
const applied = (deltas: readonly Delta[]): ViewCache => {
  const cache = createViewCache();
  for (const id of ENTITIES) cache.load(id, []);
  for (const delta of deltas) {
    cache.apply(delta);
    snapshot(cache);
  }
  return cache;
};

const runs = { numRuns: 300 };

describe('convergence', () => {
  it('any permutation of a delta set gives the same views (negation cycles and creators included)', () => {
    fc.assert(
      fc.property(shuffledCyclicDeltaSets, ([deltas, shuffled]) => {
        expect(snapshot(loaded(shuffled))).toEqual(snapshot(loaded(deltas)));
      }),
      runs,
    );
  });

  it('folding deltas one by one into a cached view equals building it from scratch', () => {
    fc.assert(
      fc.property(shuffledCyclicDeltaSets, ([deltas, shuffled]) => {
        expect(snapshot(applied(shuffled))).toEqual(snapshot(loaded(deltas)));
      }),
      runs,
    );
  });

  it('evicting every entity and loading it again gives the same views', () => {
    fc.assert(
      fc.property(shuffledCyclicDeltaSets, ([deltas, shuffled]) => {
        const cache = applied(deltas);
        for (const id of ENTITIES) cache.evict(id);
        for (const id of ENTITIES) cache.load(id, shuffled);
        expect(snapshot(cache)).toEqual(snapshot(loaded(deltas)));
      }),
      runs,
    );
  });

  it('negating a delta equals never having had it', () => {
    fc.assert(
      fc.property(deltaSets, fc.nat(), fc.integer({ min: 0, max: 12 }), (deltas, pick, t) => {
        // Transaction members and size declarations count towards completeness even when negated.
        const candidates = deltas.filter((d) => !d.pointers.some((p) => p.localContext === '_transaction'));
        fc.pre(candidates.length > 0);
        const victim = candidates[pick % candidates.length] as Delta;
        const without = deltas.filter((d) => d !== victim);
        expect(snapshot(applied([...deltas, negate('the-negation', t, victim.id)]))).toEqual(
          snapshot(loaded(without)),
        );
      }),
      runs,
    );
  });

  it('a view as of a time equals the view of the deltas created by then', () => {
    fc.assert(
      fc.property(cyclicDeltaSets, fc.integer({ min: -1, max: 13 }), (deltas, asOf) => {
        const past = deltas.filter((d) => d.timeCreated <= asOf);
        expect(snapshot(loaded(deltas), { asOf })).toEqual(snapshot(loaded(past)));
      }),
      runs,
    );
  });
});
