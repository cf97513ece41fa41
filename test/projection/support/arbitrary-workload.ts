import fc from 'fast-check';
import type { Delta, Pointer, Target } from '../../../src/delta/delta.js';

/**
 * Random workloads over a small universe of Items, so values, times and ids
 * collide often: property writes (some without the membership pointer),
 * negations of earlier deltas and of negations, and transactions appended in
 * pieces (some never completed). Ids are unique per workload `run`.
 */

export const ENTITIES = ['a', 'b', 'c', 'B', 'ä', 'z😀', 'zz', 'é'] as const;

const VALUES: Record<string, fc.Arbitrary<Target>> = {
  name: fc.constantFrom('x', 'y', 'Y', 'ä', '', 'x😀', '\uffff'),
  rank: fc.integer({ min: -3, max: 3 }),
  score: fc.constantFrom(-1.5, 0, 2.25, 7),
  when: fc.constantFrom(0, 1000, 5000),
  flag: fc.boolean(),
  tags: fc.constantFrom('red', 'blue', 'Red', 'ü'),
  owner: fc.constantFrom(...ENTITIES).map((id) => ({ id })),
  blob: fc.constantFrom<Target>(1, 'one', true, 2.5),
};

export type Step =
  | { kind: 'set'; entity: string; property: string; value: Target; member: boolean; t: number }
  | { kind: 'negate'; back: number; t: number }
  | { kind: 'tx'; sets: { entity: string; property: string; value: Target }[]; complete: boolean; t: number };

const setStep = fc
  .record({
    kind: fc.constant('set' as const),
    entity: fc.constantFrom(...ENTITIES),
    property: fc.constantFrom(...Object.keys(VALUES)),
    member: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    t: fc.integer({ min: 1, max: 6 }),
  })
  .chain((step) => (VALUES[step.property] as fc.Arbitrary<Target>).map((value) => ({ ...step, value })));

const txSet = fc
  .record({ entity: fc.constantFrom(...ENTITIES), property: fc.constantFrom(...Object.keys(VALUES)) })
  .chain((s) => (VALUES[s.property] as fc.Arbitrary<Target>).map((value) => ({ ...s, value })));

export const arbitrarySteps = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: setStep },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('negate' as const),
        back: fc.integer({ min: 1, max: 8 }),
        t: fc.integer({ min: 1, max: 6 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('tx' as const),
        sets: fc.array(txSet, { minLength: 1, maxLength: 3 }),
        complete: fc.boolean(),
        t: fc.integer({ min: 1, max: 6 }),
      }),
    },
  ),
  { minLength: 1, maxLength: 25 },
);

const delta = (id: string, t: number, pointers: Pointer[]): Delta => ({
  id,
  creator: 'test',
  host: 'test',
  timeCreated: t,
  pointers,
});

const setPointers = (entity: string, property: string, value: Target, member: boolean): Pointer[] => [
  { localContext: member ? 'item' : 'mentions', target: { id: entity }, targetContext: property },
  { localContext: property, target: value },
];

/**
 * The workload as batches to append one after another. A transaction's
 * members go into separate batches around later steps; its size declaration
 * comes last, or never when it stays incomplete.
 */
export function toBatches(run: string, steps: readonly Step[]): Delta[][] {
  const batches: Delta[][] = [];
  const written: string[] = [];
  const late: Delta[] = [];
  steps.forEach((step, i) => {
    const id = `${run}-${i}`;
    if (step.kind === 'set') {
      batches.push([delta(id, step.t, setPointers(step.entity, step.property, step.value, step.member))]);
      written.push(id);
    } else if (step.kind === 'negate') {
      const target = written[written.length - step.back];
      if (target === undefined) return;
      batches.push([
        delta(id, step.t, [
          { localContext: '_negates', target: { id: target }, targetContext: 'negated_by' },
        ]),
      ]);
      written.push(id);
    } else {
      const tx = `${id}-tx`;
      const member: Pointer = { localContext: '_transaction', target: { id: tx }, targetContext: 'deltas' };
      step.sets.forEach((s, j) => {
        const piece = delta(`${id}-${j}`, step.t, [
          member,
          ...setPointers(s.entity, s.property, s.value, true),
        ]);
        if (j === 0) batches.push([piece]);
        else late.push(piece);
        written.push(piece.id);
      });
      if (step.complete) {
        late.push(
          delta(`${id}-size`, step.t, [
            { localContext: '_transaction', target: { id: tx }, targetContext: 'size' },
            { localContext: 'size', target: step.sets.length },
          ]),
        );
      }
    }
  });
  for (const piece of late) batches.push([piece]);
  return batches;
}
