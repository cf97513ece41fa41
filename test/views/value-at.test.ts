import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Delta, isEntityRef, type Pointer } from '../../src/delta/delta.js';
import { valueFor } from '../../src/delta/value-for.js';
import { valueAt } from '../../src/views/value-at.js';
import { delta } from './support/build.js';

/** The cache's allocation-free value rule must agree with the delta model's reference. */

const context = fc.constantFrom('person', 'name', 'size', 'value', 'other', '_transaction', '_negates');
const pointer: fc.Arbitrary<Pointer> = fc.oneof(
  fc.record({
    localContext: context,
    target: fc.oneof(fc.string({ maxLength: 2 }), fc.integer(), fc.constant(null)),
  }),
  fc.record({
    localContext: context,
    target: fc.constantFrom('p1', 'p2', 'tx').map((id) => ({ id })),
    targetContext: fc.constantFrom('name', 'size', 'deltas', 'value'),
  }),
);

describe('valueAt', () => {
  it('gives the same value as delta/valueFor for every referencing pointer', () => {
    fc.assert(
      fc.property(fc.array(pointer, { minLength: 1, maxLength: 6 }), (pointers) => {
        const d: Delta = delta('d', 1, pointers);
        pointers.forEach((p, i) => {
          const { target, targetContext } = p;
          if (targetContext === undefined || !isEntityRef(target)) return;
          // valueFor names the first pointer referencing (entity, property); compare at that one.
          const first = pointers.findIndex(
            (q) => q.targetContext === targetContext && isEntityRef(q.target) && q.target.id === target.id,
          );
          if (first !== i) return;
          expect(valueAt(d, i, targetContext)).toEqual(valueFor(d, target.id, targetContext));
        });
      }),
      { numRuns: 2000 },
    );
  });
});
