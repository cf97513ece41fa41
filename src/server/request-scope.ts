import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';

/** The response header that names a request, and the request header a caller may set it with. */
const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a caller may choose: short, printable, nothing a log line or header could trip on. */
const VALID_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The incoming id when it is valid, else a fresh UUID. */
const requestIdFrom = (incoming: string | null | undefined): string =>
  incoming !== null && incoming !== undefined && VALID_ID.test(incoming) ? incoming : randomUUID();

/**
 * Names each HTTP request and returns the name in the response header, so a
 * caller can quote it and an operator find the request's log lines. The id is
 * written back into the request's own `x-request-id` header, where every later
 * layer reads it (`requestIdOf`). A header rather than an AsyncLocalStorage
 * scope: on Node 20 such a scope runs a hook on every promise a request makes,
 * which cost 5–11% of a list request's throughput (docs/design.md §12).
 */
export function withRequestId(handler: RequestListener): RequestListener {
  return (request, response) => {
    const requestId = requestIdFrom(header(request));
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    handler(request, response);
  };
}

const header = (request: IncomingMessage): string | undefined => {
  const value = request.headers[REQUEST_ID_HEADER];
  return Array.isArray(value) ? value[0] : value;
};

const ids = new WeakMap<Request, string>();

/**
 * The id of a request yoga handles: the one `withRequestId` wrote, or, when
 * yoga is reached without it, one chosen on first asking and kept.
 */
export const requestIdOf = (request: Request): string => {
  let id = ids.get(request);
  if (id === undefined) {
    id = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    ids.set(request, id);
  }
  return id;
};
