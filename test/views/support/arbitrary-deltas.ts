import fc from 'fast-check';
import type { Delta, Pointer, Target } from '../../../src/delta/delta.js';
import { delta, negate, txMember, txSize } from '../../support/build-deltas.js';

/**
 * Random delta sets over a tiny universe, so that collisions (equal times,
 * equal values, the same property from many deltas) are frequent. In
 * `deltaSets` negations only name earlier deltas (or unknown ids), so there
 * are no negation cycles; `cyclicDeltaSets` lets them name any delta, and
 * its deltas come from two creators, so transactions of the same id by
 * different creators, negated size declarations and negation cycles occur.
 */

export const ENTITIES = ['p1', 'p2', 'acme'] as const;
export const PROPERTIES = [
  'name',
  'nickname',
  'age',
  'lowest',
  'title',
  'visits',
  'score',
  'rating',
  'bio',
  'color',
  'tags',
  'employer',
  'friends',
  'employees',
] as const;

// Biased towards one entity and a few properties, so deltas collide on the same value often.
const entity = fc.oneof(fc.constant('p1'), fc.constantFrom(...ENTITIES));
const property = fc.oneof(
  fc.constantFrom(...PROPERTIES),
  fc.constantFrom('tags', 'friends', 'color', 'score', 'bio'),
);
const time = fc.integer({ min: 0, max: 12 });
const value: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'Z', '😀', '\uFF5E', '') },
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  fc.constantFrom(0.1, 0.2, 0.3, 1e16, -1e16),
  fc.constant(null),
  fc.boolean(),
  entity.map((id) => ({ id })),
);
// Mostly plain deltas; some join one of two transactions.
const tx = fc.oneof(
  { weight: 5, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('tx1', 'tx2') },
);

type Op =
  | { kind: 'set'; entity: string; property: string; value: Target; t: number; tx: string | null }
  | { kind: 'relate'; a: string; pa: string; b: string; pb: string; t: number; tx: string | null }
  | { kind: 'member'; entity: string; t: number }
  | { kind: 'negate'; target: number; also: number; t: number; tx: string | null }
  | { kind: 'size'; tx: string; size: number; t: number };

type Creator = 'alice' | 'bob';
type AnyOp = Op & { creator: Creator };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('set' as const), entity, property, value, t: time, tx }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('relate' as const),
      a: entity,
      pa: property,
      b: entity,
      pb: property,
      t: time,
      tx,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('member' as const), entity, t: time }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('negate' as const),
      target: fc.nat(),
      also: fc.nat(),
      t: time,
      tx,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('size' as const),
      tx: fc.constantFrom('tx1', 'tx2'),
      size: fc.integer({ min: 1, max: 3 }),
      t: time,
    }),
  },
);

const withTx = (pointers: Pointer[], id: string | null): Pointer[] =>
  id ? [txMember(id), ...pointers] : pointers;

const toDelta = (o: Op, i: number, count: number): Delta => {
  const id = `d${i}`;
  switch (o.kind) {
    case 'set':
      return delta(
        id,
        o.t,
        withTx(
          [
            { localContext: 'person', target: { id: o.entity }, targetContext: o.property },
            { localContext: o.property, target: o.value },
          ],
          o.tx,
        ),
      );
    case 'relate':
      return delta(
        id,
        o.t,
        withTx(
          [
            { localContext: o.pb, target: { id: o.a }, targetContext: o.pa },
            { localContext: o.pa, target: { id: o.b }, targetContext: o.pb },
          ],
          o.tx,
        ),
      );
    case 'member':
      return delta(id, o.t, [
        { localContext: o.entity === 'acme' ? 'company' : 'person', target: { id: o.entity } },
      ]);
    case 'negate': {
      // One in four names an id that never arrives. In a cyclic set a negation
      // names any delta, and half of them a second one, so cycles matter.
      const cyclic = count > i;
      const span = cyclic ? count : i;
      const target = o.target % 4 === 3 || span === 0 ? `ghost${o.target}` : `d${o.target % span}`;
      const n = negate(id, o.t, target);
      const pointers = [...n.pointers];
      if (cyclic && o.also % 2 === 0)
        pointers.push({ ...(pointers[0] as Pointer), target: { id: `d${o.also % span}` } });
      return { ...n, pointers: o.tx ? withTx(pointers, o.tx) : pointers };
    }
    case 'size':
      return txSize(id, o.t, o.tx, o.size);
  }
};

export const deltaSets: fc.Arbitrary<Delta[]> = fc
  .array(op, { minLength: 1, maxLength: 40, size: 'max' })
  .map((ops) => ops.map((o, i) => toDelta(o, i, i)));

const negationOp: fc.Arbitrary<AnyOp> = fc.record({
  kind: fc.constant('negate' as const),
  target: fc.nat(),
  also: fc.nat(),
  t: time,
  tx,
  creator: fc.constantFrom<Creator>('alice', 'bob'),
});

// Short sets rich in negations, so negations of negations and cycles are common.
const anyOp: fc.Arbitrary<AnyOp> = fc
  .tuple(op, fc.constantFrom<Creator>('alice', 'alice', 'bob'))
  .map(([o, creator]) => ({ ...o, creator }));

export const cyclicDeltaSets: fc.Arbitrary<Delta[]> = fc
  .array(fc.oneof(anyOp, negationOp), { minLength: 1, maxLength: 24, size: 'max' })
  .map((ops) => ops.map((o, i) => ({ ...toDelta(o, i, ops.length), creator: o.creator })));

const shuffled = (sets: fc.Arbitrary<Delta[]>): fc.Arbitrary<[Delta[], Delta[]]> =>
  sets.chain((deltas) =>
    fc
      .shuffledSubarray(deltas, { minLength: deltas.length, maxLength: deltas.length })
      .map((permuted): [Delta[], Delta[]] => [deltas, permuted]),
  );

/** A delta set and a permutation of it. */
export const shuffledDeltaSets = shuffled(deltaSets);
export const shuffledCyclicDeltaSets = shuffled(cyclicDeltaSets);
