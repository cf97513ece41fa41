import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';

/** The response header that names a request, and the request header a caller may set it with. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a caller may choose: short, printable, nothing a log line or header could trip on. */
const VALID_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

const scope = new AsyncLocalStorage<{ readonly requestId: string }>();

/** The incoming id when it is valid, else a fresh UUID. */
export const requestIdFrom = (incoming: string | null | undefined): string =>
  incoming !== null && incoming !== undefined && VALID_ID.test(incoming) ? incoming : randomUUID();

/** The id of the HTTP request being handled, in any code it calls (also after awaits). */
export const currentRequestId = (): string | undefined => scope.getStore()?.requestId;

/** A pino `mixin`: every log line written while handling a request carries its id. */
export const requestIdMixin = (): { requestId?: string } => {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { requestId };
};

/**
 * Runs the handler with the request's id in scope and returns it in the
 * response header, so a caller can quote it and an operator find every log
 * line of that request.
 */
export function withRequestScope(handler: RequestListener): RequestListener {
  return (request, response) => {
    const requestId = requestIdFrom(header(request));
    response.setHeader(REQUEST_ID_HEADER, requestId);
    scope.run({ requestId }, () => handler(request, response));
  };
}

const header = (request: IncomingMessage): string | undefined => {
  const value = request.headers[REQUEST_ID_HEADER];
  return Array.isArray(value) ? value[0] : value;
};
