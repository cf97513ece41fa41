import { describe, expect, it } from 'vitest';
import { MAX_TIME } from '../../src/delta/limits.js';
import { resolve, set } from '../support/build-deltas.js';

const p = (id: string, t: number, value: Parameters<typeof set>[4]) => set(id, t, 'p1', 'p', value);

describe('a DateTime property ignores values outside the range of a Date', () => {
  // Such a value can only arrive untyped (emitDeltas, a peer); resolving to it failed the field on output.
  it('lastWriteWins keeps the latest value that is a DateTime', () => {
    const deltas = [p('a', 1, 5), p('b', 2, MAX_TIME + 1), p('c', 3, '+275760-09-13T00:00:00.001Z')];
    expect(resolve({ type: 'DateTime' }, deltas)).toBe(5);
  });

  it('max does not pick it', () => {
    const deltas = [p('a', 1, MAX_TIME), p('b', 2, MAX_TIME + 1)];
    expect(resolve({ type: 'DateTime', resolver: 'max' }, deltas)).toBe(MAX_TIME);
  });
});
