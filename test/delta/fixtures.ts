import { expect } from 'vitest';
import type { DeltaDefaults } from '../../src/delta/delta-defaults.js';
import { isRhizomeError, type RhizomeError } from '../../src/errors.js';

/** Deterministic defaults: the clock reads 1000, ids count up from `generated-1`. */
export const fixedDefaults = (): DeltaDefaults => {
  let next = 0;
  return { creator: 'alice', host: 'node-a', now: () => 1000, newId: () => `generated-${++next}` };
};

/** A small valid wire-format delta to vary in tests. */
export const wire = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  pointers: [
    { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
    { localContext: 'name', target: 'Ada' },
  ],
  ...overrides,
});

/** Runs `fn`, expects a BAD_USER_INPUT `RhizomeError`, and returns it. */
export const badInputFrom = (fn: () => unknown): RhizomeError => {
  try {
    fn();
  } catch (error) {
    expect(isRhizomeError(error)).toBe(true);
    const rhizome = error as RhizomeError;
    expect(rhizome.code).toBe('BAD_USER_INPUT');
    return rhizome;
  }
  throw new Error('expected BAD_USER_INPUT, but nothing was thrown');
};
