/**
 * The text of a graphql-ws `next` message, with the payload serialised once
 * however many sockets it goes to: a cohort hands one result object to all its
 * members, and its JSON is cached per object. The words are graphql-ws's own
 * (`JSON.stringify({ id, type: 'next', payload })`), so a client cannot tell.
 */
const serialised = new WeakMap<object, string>();

/** The JSON of a result, computed once per result object. */
export function payloadJson(value: object): string {
  let json = serialised.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialised.set(value, json);
  }
  return json;
}

/** A `next` message for subscription `id` carrying `result`. */
export const nextMessage = (id: string, result: object): string =>
  `{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson(result)}}`;
