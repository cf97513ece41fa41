/**
 * The cost of a trust-filtered `person(id)` (docs/design.md §9) against the
 * unfiltered read of the same resident entity, measured in the same run.
 * Unfiltered reads are served from the cached lossy view (or, right after a
 * delta, from the incremental folds); a filtered read decides visibility and
 * folds every property from scratch, so it costs O(the entity's deltas).
 */
import type { Delta } from '../src/delta/delta.js';
import type { EntityModel } from '../src/model/model.js';
import { createViewCache } from '../src/views/create-view-cache.js';
import type { ViewOptions } from '../src/views/views.js';

const CREATORS = ['alice', 'bob', 'carol', 'dave'];

/** Nanoseconds of CPU per call of `read`, the median of `rounds` rounds of `calls` calls. */
const perCall = (calls: number, rounds: number, read: (i: number) => void): number => {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) read(i);
    const used = process.cpuUsage(start);
    samples.push(((used.user + used.system) * 1000) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
};

export interface TrustReadFigures {
  readonly deltas: number;
  readonly cachedNs: number;
  readonly refoldNs: number;
  readonly trustedNs: number;
}

/**
 * One entity with `deltas` property deltas by four creators (and a tenth of
 * them negated by a fifth): `makeDelta` supplies the property deltas.
 */
export function benchTrustRead(
  person: EntityModel,
  makeDelta: (entity: string) => Delta,
  deltas: number,
): TrustReadFigures {
  const base = Array.from({ length: deltas }, (_, i) => ({
    ...makeDelta('person-trust'),
    creator: CREATORS[i % CREATORS.length] as string,
  }));
  const negations: Delta[] = base
    .filter((_, i) => i % 10 === 0)
    .map((target, i) => ({
      id: `negation-${i}`,
      creator: 'mallory',
      host: 'bench',
      timeCreated: target.timeCreated + 1,
      pointers: [{ localContext: '_negates', target: { id: target.id }, targetContext: 'negated_by' }],
    }));
  const cache = createViewCache();
  cache.load('person-trust', JSON.parse(JSON.stringify([...base, ...negations])));
  const trusted: ViewOptions = { trust: { creators: ['alice', 'bob'] } };
  if (cache.lossy('person-trust', person, trusted) === null) throw new Error('no trusted view');
  // Warm-up, so the JIT has compiled the from-scratch path before it is timed.
  for (let i = 0; i < 50; i++) cache.lossy('person-trust', person, trusted);

  const cachedNs = perCall(20_000, 5, () => cache.lossy('person-trust', person));
  // Each read after one new delta: the incremental folds, then the view rebuilt from them.
  const extra = Array.from({ length: 5 * 200 }, () => makeDelta('person-trust'));
  const refoldNs = perCall(200, 5, (i) => {
    cache.apply(extra[i % extra.length] as Delta);
    cache.lossy('person-trust', person);
  });
  const trustedNs = perCall(50, 5, () => cache.lossy('person-trust', person, trusted));
  return { deltas, cachedNs, refoldNs, trustedNs };
}
