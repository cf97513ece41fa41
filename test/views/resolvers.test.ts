import { describe, expect, it } from 'vitest';
import { delta, resolve, set } from '../support/build-deltas.js';

/** Each built-in resolver (docs/design.md §2): result, tie-break, empty case, ill-typed values. */

const p = (id: string, t: number, value: Parameters<typeof set>[4]) => set(id, t, 'p1', 'p', value);
/** Makes p1 exist without giving `p` a value, so the empty result shows. */
const exists = delta('e', 0, [{ localContext: 'person', target: { id: 'p1' } }]);

describe('lastWriteWins', () => {
  const lww = { type: 'String' } as const;
  it('takes the greatest timeCreated', () => {
    expect(resolve(lww, [p('a', 2, 'new'), p('b', 1, 'old')])).toBe('new');
  });
  it('breaks equal times by the greatest id', () => {
    expect(resolve(lww, [p('b', 1, 'from b'), p('a', 1, 'from a')])).toBe('from b');
  });
  it('is null without values', () => {
    expect(resolve(lww, [exists])).toBeNull();
  });
  it('lets a later null clear the value', () => {
    expect(resolve(lww, [p('a', 1, 'x'), p('b', 2, null)])).toBeNull();
  });
  it('ignores values of another type', () => {
    expect(resolve(lww, [p('a', 1, 'text'), p('b', 2, 42)])).toBe('text');
  });
  it('resolves a reference to { id }', () => {
    expect(resolve({ type: 'T' }, [p('a', 1, { id: 'c1' }), p('b', 2, 'not a ref')])).toEqual({ id: 'c1' });
  });
});

describe('firstWriteWins', () => {
  const fww = { type: 'String', resolver: 'firstWriteWins' } as const;
  it('takes the smallest timeCreated', () => {
    expect(resolve(fww, [p('a', 2, 'second'), p('b', 1, 'first')])).toBe('first');
  });
  it('breaks equal times by the smallest id', () => {
    expect(resolve(fww, [p('b', 1, 'from b'), p('a', 1, 'from a')])).toBe('from a');
  });
  it('is null without values', () => {
    expect(resolve(fww, [exists])).toBeNull();
  });
});

describe('min and max', () => {
  it('take numeric extremes and ignore non-numbers', () => {
    const deltas = [p('a', 1, 3), p('b', 2, 'big'), p('c', 3, -7.5), p('d', 4, 10)];
    expect(resolve({ type: 'Float', resolver: 'max' }, deltas)).toBe(10);
    expect(resolve({ type: 'Float', resolver: 'min' }, deltas)).toBe(-7.5);
  });
  it('ignore fractions and out-of-range numbers for Int', () => {
    const deltas = [p('a', 1, 3), p('b', 2, 4.5), p('c', 3, 2 ** 40)];
    expect(resolve({ type: 'Int', resolver: 'max' }, deltas)).toBe(3);
  });
  it('order strings by code point, not UTF-16 unit', () => {
    // U+FF5E is one unit above the surrogates of U+1F600, but the smaller code point.
    const deltas = [p('a', 1, '\uFF5E'), p('b', 2, '😀'), p('c', 3, 'Z')];
    expect(resolve({ type: 'String', resolver: 'max' }, deltas)).toBe('😀');
    expect(resolve({ type: 'String', resolver: 'min' }, deltas)).toBe('Z');
  });
  it('compare DateTime values by instant, numbers and ISO strings alike', () => {
    const deltas = [
      p('a', 1, '2024-01-01T00:00:00.000Z'),
      p('b', 2, Date.UTC(2025, 0, 1)),
      p('c', 3, 'nope'),
    ];
    expect(resolve({ type: 'DateTime', resolver: 'max' }, deltas)).toBe(Date.UTC(2025, 0, 1));
    expect(resolve({ type: 'DateTime', resolver: 'min' }, deltas)).toBe('2024-01-01T00:00:00.000Z');
  });
  it('settle equal instants by the latest delta', () => {
    const deltas = [p('b', 5, '2024-01-01T00:00:00.000Z'), p('a', 5, Date.UTC(2024, 0, 1))];
    expect(resolve({ type: 'DateTime', resolver: 'max' }, deltas)).toBe('2024-01-01T00:00:00.000Z');
  });
  it('are null without values', () => {
    expect(resolve({ type: 'Int', resolver: 'min' }, [exists])).toBeNull();
    expect(resolve({ type: 'Int', resolver: 'max' }, [p('a', 1, 'x')])).toBeNull();
  });
});

describe('sum, average and count', () => {
  it('fold every numeric value; count counts every value', () => {
    const deltas = [p('a', 1, 1), p('b', 2, 2.5), p('c', 3, 'x'), p('d', 4, null)];
    expect(resolve({ type: 'Float', resolver: 'sum' }, deltas)).toBe(3.5);
    expect(resolve({ type: 'Float', resolver: 'average' }, deltas)).toBe(1.75);
    expect(resolve({ type: 'Int', resolver: 'count' }, deltas)).toBe(4);
  });
  it('do not count a delta that gives no value', () => {
    const noValue = delta('n', 5, [
      { localContext: 'person', target: { id: 'p1' }, targetContext: 'p' },
      { localContext: 'x', target: 1 },
      { localContext: 'y', target: 2 },
    ]);
    expect(resolve({ type: 'Int', resolver: 'count' }, [p('a', 1, 1), noValue])).toBe(1);
  });
  it('are exact, so the float sum does not depend on order', () => {
    const values = [0.1, 0.2, 0.3, 1e16, -1e16, 1e-10];
    const sums = [values, [...values].reverse()].map((list) =>
      resolve(
        { type: 'Float', resolver: 'sum' },
        list.map((v, i) => p(`d${i}`, i, v)),
      ),
    );
    expect(sums[0]).toBe(sums[1]);
    expect(sums[0]).toBe(0.6000000001);
  });
  it('stay finite: a Float sum or average of the largest values they take', () => {
    const huge = [p('a', 1, 2 ** 969), p('b', 2, 2 ** 969), p('c', 3, Number.MAX_VALUE)];
    expect(resolve({ type: 'Float', resolver: 'sum' }, huge)).toBe(2 ** 970);
    expect(resolve({ type: 'Float', resolver: 'average' }, huge)).toBe(2 ** 969);
    const many = Array.from({ length: 300 }, (_, i) => p(`m${i}`, i, 1e300));
    expect(Number.isFinite(resolve({ type: 'Float', resolver: 'sum' }, many))).toBe(true);
  });
  it('sum Int values beyond the 32-bit range', () => {
    const max = 2 ** 31 - 1;
    expect(resolve({ type: 'Int', resolver: 'sum' }, [p('a', 1, max), p('b', 2, max)])).toBe(2 * max);
  });
  it('give sum 0, count 0 and average null without values', () => {
    expect(resolve({ type: 'Int', resolver: 'sum' }, [exists])).toBe(0);
    expect(resolve({ type: 'Int', resolver: 'count' }, [exists])).toBe(0);
    expect(resolve({ type: 'Float', resolver: 'average' }, [exists])).toBeNull();
  });
});

describe('concatenate', () => {
  it('joins strings in (timeCreated, id) order with the separator, skipping non-strings', () => {
    const deltas = [p('c', 3, 'c'), p('b', 1, 'b'), p('a', 1, 'a'), p('n', 2, 5)];
    expect(resolve({ type: 'String', resolver: 'concatenate', separator: ' | ' }, deltas)).toBe('a | b | c');
  });
  it('defaults to no separator and is null without values', () => {
    expect(resolve({ type: 'String', resolver: 'concatenate' }, [p('a', 1, 'x'), p('b', 2, 'y')])).toBe('xy');
    expect(resolve({ type: 'String', resolver: 'concatenate' }, [exists])).toBeNull();
  });
});

describe('majority', () => {
  const majority = { type: 'JSON', resolver: 'majority' } as const;
  it('takes the most frequent value, keeping 1 and "1" apart', () => {
    const deltas = [p('a', 1, 1), p('b', 2, '1'), p('c', 3, 1), p('d', 4, '1'), p('e', 5, 1)];
    expect(resolve(majority, deltas)).toBe(1);
  });
  it('breaks a tie by the value whose latest delta is newest', () => {
    const deltas = [p('a', 1, 'red'), p('b', 4, 'blue'), p('c', 3, 'red'), p('d', 2, 'blue')];
    expect(resolve(majority, deltas)).toBe('blue');
    // Equal times fall back to the greater id.
    const tied = [p('a', 1, 'red'), p('b', 1, 'blue')];
    expect(resolve(majority, tied)).toBe('blue');
  });
  it('counts references by id and is null without values', () => {
    const refs = [p('a', 1, { id: 'x' }), p('b', 2, { id: 'y' }), p('c', 3, { id: 'x' })];
    expect(resolve({ type: 'T', resolver: 'majority' }, refs)).toEqual({ id: 'x' });
    expect(resolve(majority, [exists])).toBeNull();
  });
});

describe('union', () => {
  it('keeps distinct values by first appearance (timeCreated, then id)', () => {
    const deltas = [p('g1', 3, 'x'), p('g2', 1, 'y'), p('g3', 5, 'x'), p('g4', 4, 'z'), p('g0', 3, 'w')];
    expect(resolve({ type: '[String]' }, deltas)).toEqual(['y', 'w', 'x', 'z']);
  });
  it('holds references as { id } and drops ill-typed values', () => {
    const deltas = [
      p('a', 1, { id: 'f1' }),
      p('b', 2, 'f2'),
      p('c', 3, { id: 'f1' }),
      p('d', 4, { id: 'f3' }),
    ];
    expect(resolve({ type: '[T]' }, deltas)).toEqual([{ id: 'f1' }, { id: 'f3' }]);
  });
  it('is an empty list without values, never null', () => {
    expect(resolve({ type: '[String]' }, [exists])).toEqual([]);
    expect(resolve({ type: '[Int]' }, [p('a', 1, null)])).toEqual([]);
  });
});
