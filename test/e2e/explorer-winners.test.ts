import { describe, expect, it } from 'vitest';
import { deltaStatus, timesOf } from '../../explorer/status.js';
import { markWinners, valueKey } from '../../explorer/winners.js';

const c = (id: string, timeCreated: number, value: unknown) => ({ id, timeCreated, value });

describe('the history page marks the deltas behind a value', () => {
  it('lastWriteWins and firstWriteWins mark one delta, ties broken by id in code-point order', () => {
    const same = [c('b', 5, 'x'), c('a', 5, 'y'), c('c', 1, 'z')];
    expect(Object.fromEntries(markWinners('lastWriteWins', same, 'x'))).toEqual({
      b: 'winner',
      a: 'outranked',
      c: 'outranked',
    });
    expect(markWinners('firstWriteWins', same, 'z').get('c')).toBe('winner');
    expect(markWinners('firstWriteWins', [c('b', 5, 'x'), c('a', 5, 'y')], 'y').get('a')).toBe('winner');
  });

  it('min, max and majority mark every delta that holds the resolved value', () => {
    const ages = [c('a', 1, 36), c('b', 2, 40), c('c', 3, 40)];
    expect(Object.fromEntries(markWinners('max', ages, 40))).toEqual({
      a: 'outranked',
      b: 'winner',
      c: 'winner',
    });
    expect(markWinners('min', ages, 36).get('a')).toBe('winner');
    expect([...markWinners('max', ages, null).values()]).toEqual(['outranked', 'outranked', 'outranked']);
  });

  it('aggregates count every delta that gives a value; a delta with no value is left out', () => {
    const marks = markWinners('sum', [c('a', 1, 2), c('b', 2, undefined), c('c', 3, 5)], 7);
    expect(Object.fromEntries(marks)).toEqual({ a: 'counted', c: 'counted' });
  });

  it('tells a reference from a string with the same text', () => {
    expect(valueKey({ id: 'ada' })).not.toBe(valueKey('ada'));
    expect(markWinners('majority', [c('a', 1, { id: 'x' }), c('b', 2, 'x')], { id: 'x' }).get('b')).toBe(
      'outranked',
    );
  });

  it('places each delta relative to the slider time: future, visible, negated, hidden', () => {
    const delta = (id: string, time: number, negatedAt?: number) => ({
      id,
      creator: 'a',
      host: 'h',
      time,
      pointers: [],
      negatedBy: negatedAt === undefined ? [] : [{ id: `n-${id}`, time: negatedAt }],
      delta: { id, creator: 'a', host: 'h', timeCreated: time, pointers: [] },
    });
    const visible = new Set(['a']);
    const marks = new Map([['a', 'winner' as const]]);
    expect(deltaStatus(delta('a', 1), visible, marks, 5)).toBe('winner');
    expect(deltaStatus(delta('b', 9), visible, marks, 5)).toBe('future');
    expect(deltaStatus(delta('c', 2, 4), visible, marks, 5)).toBe('negated');
    expect(deltaStatus(delta('d', 2), visible, marks, undefined)).toBe('hidden');
    expect(timesOf([delta('c', 2, 4), delta('a', 1), delta('e', 2)])).toEqual([1, 2, 4]);
  });
});
