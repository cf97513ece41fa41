import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { nextFrame } from './shared-payload.js';
import { createSocketWrites } from './socket-writes.js';

export interface ServeGraphqlWsOptions {
  /**
   * Every this many milliseconds one sweep pings every socket and cuts those
   * that did not answer the previous ping; 0 turns keep-alive off.
   * @default 30000
   */
  readonly keepAliveMs?: number;
  /** Bytes a slow reader may hold before it is closed with 4429; 0 for no bound. @default 0 */
  readonly maxBufferedBytes?: number;
}

/** What graphql-ws's `ctx.extra` holds for each socket. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/**
 * graphql-ws on a `ws` server, as `graphql-ws/use/ws` does, shaped for many
 * sockets: one keep-alive sweep for all of them instead of an interval and a
 * timeout per socket, so an idle socket costs no timer or promise of its own;
 * failures close the socket with 1011 without printing it; a socket's writes
 * in one event-loop turn leave together. A cohort's results skip graphql-ws
 * and go straight out through `writeNext`.
 */
export function serveGraphqlWs(
  options: ServerOptions<Record<string, unknown> | undefined, SocketExtra>,
  ws: WebSocketServer,
  serveOptions: ServeGraphqlWsOptions = {},
) {
  const server = makeServer(options);
  const write = createSocketWrites(serveOptions.maxBufferedBytes ?? 0);
  ws.options.handleProtocols = handleProtocols;
  const keepAliveMs = serveOptions.keepAliveMs ?? 30_000;
  // Sockets pinged by the last sweep that have not answered since.
  const silent = new Set<WebSocket>();
  const sweep =
    keepAliveMs > 0
      ? setInterval(() => {
          for (const socket of ws.clients) {
            if (silent.has(socket)) {
              silent.delete(socket);
              socket.terminate();
            } else if (socket.readyState === socket.OPEN) {
              silent.add(socket);
              socket.ping();
            }
          }
        }, keepAliveMs)
      : undefined;
  sweep?.unref();

  const failed = (socket: WebSocket) => () =>
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  const answered = function (this: WebSocket) {
    silent.delete(this);
  };

  ws.on('connection', (socket, request) => {
    socket.once('error', failed(socket));
    socket.on('pong', answered);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => write(socket, request.socket, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (receive) =>
          socket.on('message', (data) => {
            silent.delete(socket);
            receive(String(data)).catch(failed(socket));
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      silent.delete(socket);
      void closed(code, String(reason));
    });
  });

  return {
    /**
     * Sends a subscription a `next` message carrying `result`, as graphql-ws would, without its
     * per-message path (a promise, a validation, a stringify and an encoding per socket): a cohort
     * calls this for each member, so a result is serialised and encoded once and costs each socket
     * one copy and one write (docs/design.md §6). `prefix` is the subscription's `nextPrefix`.
     */
    writeNext({ socket, request }: SocketExtra, prefix: Buffer, result: object): void {
      write(socket, request.socket, nextFrame(prefix, result));
    },
    async dispose() {
      if (sweep) clearInterval(sweep);
      for (const client of ws.clients) client.close(1001, 'Going away');
      ws.removeAllListeners('connection');
    },
  };
}
