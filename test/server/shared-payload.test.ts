import { stringifyMessage } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { Receiver } from 'ws';
import { nextFrame, nextPrefix, payloadBytes } from '../../src/server/shared-payload.js';

/** The text a client reads from the frame, parsed by `ws`'s own receiver. */
const received = (frame: readonly Buffer[]) =>
  new Promise<string>((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) =>
      isBinary ? reject(new Error('binary')) : resolve(String(data)),
    );
    receiver.on('error', reject);
    receiver.write(Buffer.concat(frame));
  });

const asGraphqlWs = (id: string, payload: object) =>
  stringifyMessage({ id, type: 'next', payload } as Parameters<typeof stringifyMessage>[0]);

describe('a next message framed once per result', () => {
  it('reads exactly as graphql-ws would write it, for every subscription id and size', async () => {
    const small = { data: { person: { id: 'p"1', name: 'Ada\u0000', tags: ['a', 'b'] } } };
    const large = { data: { bio: 'é'.repeat(70_000) } };
    for (const result of [small, large]) {
      for (const id of ['1', 'x"y', 'payload', '9f1c-😀']) {
        expect(await received(nextFrame(nextPrefix(id), result))).toBe(asGraphqlWs(id, result));
      }
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
    for (let i = 0; i < 5; i++) nextFrame(nextPrefix(String(i)), result);
    expect(calls).toBe(1);
    expect(String(payloadBytes(result))).toBe('{"data":{"counted":1}}');
  });
});
