import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** A handler for some paths besides GraphQL: answers and returns true, or returns false to pass the request on. */
export type Route = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Tries each route in order; yoga (the fallback) answers whatever none of them took. */
export const withRoutes =
  (routes: readonly Route[], fallback: RequestListener): RequestListener =>
  (request, response) => {
    for (const route of routes) if (route(request, response)) return;
    fallback(request, response);
  };
