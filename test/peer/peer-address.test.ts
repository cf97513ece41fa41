import { describe, expect, it } from 'vitest';
import { fromRhizomeNode } from '../../src/cli/rhizome-node-format.js';
import { httpUrlOf } from '../../src/peer/peer-address.js';

describe('httpUrlOf', () => {
  it('keeps host, port and path, switching ws to http and wss to https', () => {
    expect(httpUrlOf('ws://node-a:4000/graphql')).toBe('http://node-a:4000/graphql');
    expect(httpUrlOf('wss://node-a.example/graphql')).toBe('https://node-a.example/graphql');
  });

  it('refuses anything but a WebSocket URL', () => {
    expect(() => httpUrlOf('http://node-a:4000/graphql')).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

describe('fromRhizomeNode', () => {
  it('reads V1 pointers: a string target with a targetContext is a reference', () => {
    expect(
      fromRhizomeNode({
        id: 'd',
        creator: 'c',
        host: 'h',
        timeCreated: 1_700_000_000_123_456,
        pointers: [
          { localContext: 'person', target: 'ada', targetContext: 'name' },
          { localContext: 'name', target: 'Ada' },
        ],
        timeReceived: 1,
        receivedFrom: 'x',
      }),
    ).toEqual({
      id: 'd',
      creator: 'c',
      host: 'h',
      timeCreated: 1_700_000_000_123,
      pointers: [
        { localContext: 'person', target: { id: 'ada' }, targetContext: 'name' },
        { localContext: 'name', target: 'Ada' },
      ],
    });
  });

  it('reads V2 object-keyed pointers and leaves millisecond times as they are', () => {
    expect(
      fromRhizomeNode({
        id: 'd',
        timeCreated: 1_700_000_000_123,
        pointers: { person: { ada: 'age' }, age: 36, n: null },
      }),
    ).toEqual({
      id: 'd',
      timeCreated: 1_700_000_000_123,
      pointers: [
        { localContext: 'person', target: { id: 'ada' }, targetContext: 'age' },
        { localContext: 'age', target: 36 },
        { localContext: 'n', target: null },
      ],
    });
  });
});
