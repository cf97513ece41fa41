import { stringifyMessage } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { payloadJson, sharedPayloadReplacer, spliceSharedPayload } from '../../src/server/shared-payload.js';

/** As graphql-ws sends a message: stringified with the replacer, then handed to the socket. */
const send = (message: object) =>
  spliceSharedPayload(
    stringifyMessage(message as Parameters<typeof stringifyMessage>[0], sharedPayloadReplacer),
  );

describe('a next payload serialised once', () => {
  it('goes out exactly as graphql-ws would write it, for every subscription id', () => {
    const result = { data: { person: { id: 'p"1', name: 'Ada\u0000', tags: ['a', 'b'] } } };
    for (const id of ['1', 'x"y', 'payload']) {
      const text = send({ id, type: 'next', payload: result });
      expect(text).toBe(JSON.stringify({ id, type: 'next', payload: result }));
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
    for (let i = 0; i < 5; i++) send({ id: String(i), type: 'next', payload: result });
    expect(calls).toBe(1);
    expect(payloadJson(result)).toBe('{"data":{"counted":1}}');
  });

  it('leaves other messages alone, also payloads named like the marker', () => {
    const error = {
      id: '1',
      type: 'error' as const,
      payload: [{ message: 'no', extensions: { payload: { a: 1 } } }],
    };
    expect(send(error)).toBe(JSON.stringify(error));
    expect(send({ type: 'connection_ack', payload: { type: 'next' } })).toBe(
      JSON.stringify({ type: 'connection_ack', payload: { type: 'next' } }),
    );
  });
});
