import { describe, expect, it } from 'vitest';
import { toDateTimeMillis } from '../../src/delta/date-time.js';
import { MAX_TIME } from '../../src/delta/limits.js';

describe('the DateTime rule: whole epoch ms within the range of a Date', () => {
  it.each([
    [0, 0],
    [MAX_TIME, MAX_TIME],
    [-MAX_TIME, -MAX_TIME],
    ['1764000000000', 1764000000000],
    ['2025-11-24T16:00:00.000Z', Date.UTC(2025, 10, 24, 16)],
    ['+275760-09-13T00:00:00.000Z', MAX_TIME],
    [new Date(5), 5],
  ])('accepts %s', (value, millis) => {
    expect(toDateTimeMillis(value)).toBe(millis);
  });

  it.each([
    ['one past the end', MAX_TIME + 1],
    ['one before the start', -MAX_TIME - 1],
    ['a fraction', 1.5],
    ['an unsafe integer', 2 ** 60],
    ['NaN', Number.NaN],
    ['a digit string past the end', String(MAX_TIME + 1)],
    ['an ISO string past the end', '+275760-09-13T00:00:00.001Z'],
    ['a bare number Date.parse would read as a year', '1.5'],
    ['not a date', 'yesterday'],
    ['a boolean', true],
  ])('refuses %s', (_name, value) => {
    expect(toDateTimeMillis(value)).toBeUndefined();
  });

  it('every accepted value serialises', () => {
    for (const value of [MAX_TIME, -MAX_TIME, '+275760-09-13T00:00:00.000Z']) {
      const millis = toDateTimeMillis(value) as number;
      expect(() => new Date(millis).toISOString()).not.toThrow();
    }
  });
});
