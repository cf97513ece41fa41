// `ws` exports its Sender, whose static `frame` is public for framing one message for many sockets
// (websockets/ws#1016), and its Receiver (the tests read frames with it), but @types/ws declares neither.
import type { Writable } from 'node:stream';
import 'ws';

declare module 'ws' {
  export const Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean },
    ): Buffer[];
  };
  export class Receiver extends Writable {
    constructor(options: { isServer: boolean });
  }
}
