import { stringifyMessage } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { nextMessage, payloadJson } from '../../src/server/shared-payload.js';

describe('a next payload serialised once', () => {
  it('reads exactly as graphql-ws would write it, for every subscription id', () => {
    const result = { data: { person: { id: 'p"1', name: 'Ada\u0000', tags: ['a', 'b'] } } };
    for (const id of ['1', 'x"y', 'payload', '9f1c-😀']) {
      const asGraphqlWs = stringifyMessage({ id, type: 'next', payload: result } as Parameters<
        typeof stringifyMessage
      >[0]);
      expect(nextMessage(id, result)).toBe(asGraphqlWs);
    }
  });

  it('stringifies one result object once, however often it is sent', () => {
    let calls = 0;
    const result = {
      data: {
        get counted() {
          calls++;
          return 1;
        },
      },
    };
    for (let i = 0; i < 5; i++) nextMessage(String(i), result);
    expect(calls).toBe(1);
    expect(payloadJson(result)).toBe('{"data":{"counted":1}}');
  });
});
