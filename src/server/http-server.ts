import { createServer, type RequestListener, type Server } from 'node:http';

export interface HttpServerLimits {
  /** Time to receive a request's headers; slowloris sockets are closed (408) after it. */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** A socket with no traffic this long is closed; WebSockets are exempt (they ping). */
  readonly idleTimeoutMs: number;
  /** Open sockets at once; past it Node closes new ones at once. 0 for no limit. */
  readonly maxConnections: number;
}

/** Node's idle keep-alive default, kept unless the idle timeout is shorter. */
const KEEP_ALIVE_MS = 5000;

/**
 * The HTTP server with its timeouts and connection cap. Node checks the header
 * and request timeouts only every `connectionsCheckingInterval` (30 s by
 * default), so the interval follows the shortest of them.
 */
export function createHttpServer(handler: RequestListener, limits: HttpServerLimits): Server {
  const requestTimeout = limits.requestTimeoutMs;
  // Node refuses a header timeout longer than a (non-zero) request timeout.
  const headersTimeout =
    requestTimeout > 0 ? Math.min(limits.headersTimeoutMs, requestTimeout) : limits.headersTimeoutMs;
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((ms) => ms > 0), 30_000);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout:
        limits.idleTimeoutMs > 0 ? Math.min(KEEP_ALIVE_MS, limits.idleTimeoutMs) : KEEP_ALIVE_MS,
      connectionsCheckingInterval: Math.max(100, Math.floor(shortest / 4)),
    },
    handler,
  );
  // With no 'timeout' listener, Node destroys a socket idle this long.
  server.timeout = limits.idleTimeoutMs;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  return server;
}
