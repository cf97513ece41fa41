import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { deltasEqual } from '../../src/delta/delta-equal.js';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { fixedDefaults } from './fixtures.js';

const base: Delta = {
  id: 'd1',
  creator: 'alice',
  host: 'node-a',
  timeCreated: 1000,
  pointers: [
    { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
    { localContext: 'name', target: 'Ada' },
  ],
};

describe('deltasEqual', () => {
  it('holds for the same content with keys in another order', () => {
    const reordered = JSON.parse(
      '{"pointers":[{"targetContext":"name","target":{"id":"p1"},"localContext":"person"},{"target":"Ada","localContext":"name"}],"timeCreated":1000,"host":"node-a","creator":"alice","id":"d1"}',
    ) as Delta;
    expect(deltasEqual(base, reordered)).toBe(true);
    expect(deltasEqual(reordered, base)).toBe(true);
  });

  it('holds after a JSON round trip and re-parse', () => {
    const again = parseDelta(JSON.parse(JSON.stringify(base)), fixedDefaults());
    expect(deltasEqual(base, again)).toBe(true);
  });

  it('treats an absent targetContext and an undefined one alike', () => {
    const withUndefined: Delta = {
      ...base,
      pointers: [
        base.pointers[0] as Delta['pointers'][number],
        { localContext: 'name', target: 'Ada', targetContext: undefined },
      ],
    };
    expect(deltasEqual(base, withUndefined)).toBe(true);
  });

  const changed: [string, Partial<Delta>][] = [
    ['id', { id: 'd2' }],
    ['creator', { creator: 'bob' }],
    ['host', { host: 'node-b' }],
    ['timeCreated', { timeCreated: 1001 }],
    ['pointer count', { pointers: base.pointers.slice(0, 1) }],
    ['pointer order', { pointers: [...base.pointers].reverse() }],
    ['a localContext', { pointers: [base.pointers[0] as never, { localContext: 'nick', target: 'Ada' }] }],
    ['a string target', { pointers: [base.pointers[0] as never, { localContext: 'name', target: 'Bob' }] }],
    [
      'a target type',
      { pointers: [base.pointers[0] as never, { localContext: 'name', target: { id: 'Ada' } }] },
    ],
    [
      'a referenced id',
      {
        pointers: [
          { localContext: 'person', target: { id: 'p2' }, targetContext: 'name' },
          base.pointers[1] as never,
        ],
      },
    ],
    [
      'a targetContext',
      {
        pointers: [
          { localContext: 'person', target: { id: 'p1' }, targetContext: 'nick' },
          base.pointers[1] as never,
        ],
      },
    ],
    [
      'a missing targetContext',
      { pointers: [{ localContext: 'person', target: { id: 'p1' } }, base.pointers[1] as never] },
    ],
  ];

  it.each(changed)('fails when the %s differs', (_, change) => {
    expect(deltasEqual(base, { ...base, ...change })).toBe(false);
    expect(deltasEqual({ ...base, ...change }, base)).toBe(false);
  });

  it('tells null, false, 0 and "" apart', () => {
    const withTarget = (target: Delta['pointers'][number]['target']): Delta => ({
      ...base,
      pointers: [{ localContext: 'v', target }],
    });
    const targets = [null, false, 0, '', '0'] as const;
    for (const a of targets)
      for (const b of targets) expect(deltasEqual(withTarget(a), withTarget(b))).toBe(a === b);
  });
});
