import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src/delta/time-ordered-id.js';

describe('timeOrderedId', () => {
  it('makes valid UUIDv7s, each sorting after the one before, within a millisecond too', () => {
    // Thousands per millisecond: most of these share one with their neighbours.
    const ids = Array.from({ length: 20_000 }, timeOrderedId);
    for (const id of ids.slice(0, 100)) {
      expect(validate(id), id).toBe(true);
      expect(version(id), id).toBe(7);
    }
    const outOfOrder = ids.findIndex((id, i) => i > 0 && !((ids[i - 1] as string) < id));
    expect(outOfOrder).toBe(-1);
  });

  it('carries the wall clock in its first 48 bits', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    // A full counter may move the millisecond on by one or so, never backwards.
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 5);
  });
});
