/**
 * Serialises each `next` payload once, however many sockets it goes to.
 *
 * graphql-ws builds every message with `JSON.stringify(message, replacer)`
 * and hands the text to the socket in the same synchronous step. The replacer
 * here answers a `next` message's payload with a marker, remembering the
 * payload's JSON (cached per result object, and a cohort hands one object to
 * all its members); `spliceSharedPayload` then swaps the marker for that JSON
 * before the text goes out. Every member of a cohort so gets the same payload
 * bytes from one `JSON.stringify`.
 */
const MARKER = '\u0000rhizome:shared-payload';
const TAIL = `,"payload":${JSON.stringify(MARKER)}}`;

const serialised = new WeakMap<object, string>();
let message: unknown;
let pending: string | undefined;

export function sharedPayloadReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key === '') {
    message = value;
    return value;
  }
  if (key !== 'payload' || this !== message || typeof value !== 'object' || value === null) return value;
  if ((this as { type?: unknown }).type !== 'next') return value;
  pending = payloadJson(value);
  return MARKER;
}

/** The JSON of a result, computed once per result object. */
export function payloadJson(value: object): string {
  let json = serialised.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialised.set(value, json);
  }
  return json;
}

/** The message text as it goes out: the marker replaced by the payload's JSON. */
export function spliceSharedPayload(data: string): string {
  const json = pending;
  pending = undefined;
  message = undefined;
  if (json === undefined || !data.endsWith(TAIL)) return data;
  return `${data.slice(0, -TAIL.length)},"payload":${json}}`;
}
