import { Sender } from 'ws';

/**
 * graphql-ws `next` messages framed for the wire with the payload encoded once
 * however many sockets it goes to: a cohort hands one result object to all its
 * members, and its JSON bytes are cached per object. The words are graphql-ws's
 * own (`JSON.stringify({ id, type: 'next', payload })`), so a client cannot tell.
 */
const encoded = new WeakMap<object, Buffer>();
const SUFFIX = Buffer.from('}');
const TEXT = 1;

/** The JSON bytes of a result, computed once per result object. */
export function payloadBytes(value: object): Buffer {
  let bytes = encoded.get(value);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(value));
    encoded.set(value, bytes);
  }
  return bytes;
}

/** What comes before the payload in every `next` message of subscription `id`: made once per subscription. */
export const nextPrefix = (id: string): Buffer =>
  Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);

/** One WebSocket text frame (unmasked, as a server sends) holding a `next` message. */
export function nextFrame(prefix: Buffer, result: object): Buffer[] {
  const payload = payloadBytes(result);
  const message = Buffer.concat([prefix, payload, SUFFIX], prefix.length + payload.length + 1);
  return Sender.frame(message, { fin: true, opcode: TEXT, mask: false, readOnly: false, rsv1: false });
}
