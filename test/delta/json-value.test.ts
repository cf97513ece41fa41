import { describe, expect, it } from 'vitest';
import { canonicalJson, MAX_JSON_DEPTH } from '../../src/delta/json-value.js';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { resolve, set } from '../support/build-deltas.js';
import { badInputFrom, fixedDefaults } from './fixtures.js';

const withTarget = (target: unknown) => ({
  id: 'j',
  pointers: [
    { localContext: 'thing', target: { id: 't1' }, targetContext: 'meta' },
    { localContext: 'meta', target },
  ],
});
const parse = (target: unknown) => parseDelta(withTarget(target), fixedDefaults(), 0);
const fault = (target: unknown) => badInputFrom(() => parse(target));

describe('JSON targets { "json": ... } (docs/design.md §1)', () => {
  it('carry objects and arrays, also ones shaped like a reference, as a fresh copy', () => {
    const json = { id: 1, list: [true, null, 'x', { n: -0 }] };
    const parsed = parse({ json }).pointers[1]?.target;
    expect(parsed).toEqual({ json: { id: 1, list: [true, null, 'x', { n: 0 }] } });
    expect(Object.is((parsed as { json: { list: [0, 0, 0, { n: number }] } }).json.list[3].n, 0)).toBe(true);
    expect(parse({ json: [] }).pointers[1]?.target).toEqual({ json: [] });
  });

  it('refuse wrapped primitives, extra keys, unstorable strings and deep nesting', () => {
    expect(fault({ json: 5 }).message).toMatch(/wraps only objects and arrays/);
    expect(fault({ json: {}, id: 'x' }).details).toMatchObject({ field: 'target.id' });
    expect(fault({ json: { a: 'nul\u0000' } }).details).toMatchObject({ field: 'target.json.a' });
    expect(fault({ json: { 'k\u0000': 1 } }).message).toMatch(/key/);
    let deep: unknown = [];
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(fault({ json: deep }).message).toMatch(/deeper than/);
  });

  it('have one canonical text whatever the key order (Postgres jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: [1, { y: 2, x: 1 }] })).toBe(
      canonicalJson({ a: [1, { x: 1, y: 2 }], b: 1 }),
    );
    expect(canonicalJson({ a: [1, { x: 1, y: 3 }] })).not.toBe(canonicalJson({ a: [1, { x: 1, y: 2 }] }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('resolve to the value itself, and count as one distinct value in a union', () => {
    expect(resolve({ type: 'JSON' }, [set('a', 1, 'p1', 'p', { json: { id: 'x' } })])).toEqual({ id: 'x' });
    const union = resolve({ type: '[JSON]' }, [
      set('a', 1, 'p1', 'p', { json: { k: 1, j: 2 } }),
      set('b', 2, 'p1', 'p', { json: { j: 2, k: 1 } }),
      set('c', 3, 'p1', 'p', { json: [1] }),
    ]);
    expect(union).toEqual([{ k: 1, j: 2 }, [1]]);
    // Only JSON properties take them.
    expect(resolve({ type: 'String' }, [set('a', 1, 'p1', 'p', { json: ['x'] })])).toBeNull();
  });
});
