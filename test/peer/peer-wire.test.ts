import { describe, expect, it } from 'vitest';
import { deltaOfWire } from '../../src/peer/peer-wire.js';

describe('a delta as a peer sends it', () => {
  it('keeps JSON objects and arrays as values, never as references (docs/design.md §1)', () => {
    const delta = deltaOfWire({
      id: 'j1',
      creator: 'ada',
      host: 'node-a',
      timeCreated: '2026-01-01T00:00:00.000Z',
      pointers: [
        { localContext: 'thing', entity: 't1', value: null, targetContext: 'meta' },
        { localContext: 'meta', entity: null, value: { id: 'x', n: [1, 2] }, targetContext: null },
        { localContext: 'tags', entity: null, value: ['a'], targetContext: null },
        { localContext: 'label', entity: null, value: 'plain', targetContext: null },
      ],
    });
    expect(delta.pointers.map((p) => p.target)).toEqual([
      { id: 't1' },
      { json: { id: 'x', n: [1, 2] } },
      { json: ['a'] },
      'plain',
    ]);
    expect(delta.timeCreated).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
  });
});
