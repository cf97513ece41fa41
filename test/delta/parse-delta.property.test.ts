import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { isRhizomeError } from '../../src/errors.js';
import { fixedDefaults } from './fixtures.js';

const name = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((s) => !s.startsWith('_') && !s.includes('\u0000'));
const primitive = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const pointer = fc.oneof(
  fc.record({ localContext: name, target: primitive }),
  fc.record(
    { localContext: name, target: fc.record({ id: name }), targetContext: name },
    { requiredKeys: ['localContext', 'target'] },
  ),
);
const wireDelta = fc.record(
  {
    id: name,
    creator: name,
    host: name,
    timeCreated: fc.integer({ min: 0, max: 2 ** 50 }),
    pointers: fc.array(pointer, { minLength: 1, maxLength: 8 }),
  },
  { requiredKeys: ['pointers'] },
);

describe('parseDelta on generated input', () => {
  it('accepts every valid delta, and a JSON round trip of the result parses to an equal delta', () => {
    fc.assert(
      fc.property(wireDelta, (input) => {
        const delta = parseDelta(input, fixedDefaults());
        const again = parseDelta(JSON.parse(JSON.stringify(delta)), fixedDefaults());
        expect(again).toEqual(delta);
      }),
    );
  });

  it('answers any JSON value with a delta or BAD_USER_INPUT, never another error', () => {
    const anyInput = fc.oneof(
      fc.jsonValue(),
      wireDelta.chain((d) => fc.jsonValue().map((noise) => ({ ...d, noise }))),
      fc.record({ pointers: fc.array(fc.jsonValue(), { maxLength: 4 }) }),
      // Any UTF-16, including NUL and unpaired surrogates.
      fc
        .tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }))
        .map(([localContext, target]) => ({ pointers: [{ localContext, target }] })),
      fc.record({
        pointers: fc.array(
          fc.dictionary(fc.constantFrom('localContext', 'target', 'targetContext'), fc.jsonValue()),
        ),
      }),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        try {
          parseDelta(input, fixedDefaults(), 0);
        } catch (error) {
          expect(isRhizomeError(error) && error.code === 'BAD_USER_INPUT').toBe(true);
          expect((error as Error).message).toMatch(/^Delta 0[ ,:(]/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
