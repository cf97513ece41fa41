import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { boundedWebSocketClass } from './bounded-websocket.js';
import type { RhizomeYoga } from './create-yoga.js';
import { maskError, UNEXPECTED_MESSAGE, withRequestErrorCodes } from './error-codes.js';

interface Enveloped {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

export interface WebSocketLimits {
  /** Largest message; ws closes the socket with 1009 past it. */
  readonly maxBodyBytes: number;
  /** Operations at once on one connection; 0 for no limit. */
  readonly maxSubscriptions: number;
  /** Bytes buffered for a slow reader before it is closed with 4429; 0 for no limit. */
  readonly maxWsBufferBytes: number;
}

/**
 * Serves `graphql-transport-ws` on the GraphQL path, through yoga's envelop so
 * subscriptions get the same parse/validate cache, limits, context and error
 * masking as HTTP.
 */
export function attachWebSocket(server: Server, yoga: RhizomeYoga, limits: WebSocketLimits) {
  const wsServer = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    maxPayload: limits.maxBodyBytes,
    ...(limits.maxWsBufferBytes > 0 && { WebSocket: boundedWebSocketClass(limits.maxWsBufferBytes) }),
  });
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has registered this operation already, so it counts itself.
        const running = Object.keys(ctx.subscriptions).length;
        if (limits.maxSubscriptions > 0 && running > limits.maxSubscriptions) {
          return [tooManySubscriptions(limits.maxSubscriptions)] as never;
        }
        const request = ctx.extra.request as IncomingMessage;
        const fromParams = ctx.connectionParams?.creator;
        const fromHeader = request.headers['x-rhizome-creator'];
        const creator =
          typeof fromParams === 'string'
            ? fromParams
            : typeof fromHeader === 'string'
              ? fromHeader
              : undefined;
        // No Fetch `request` here, as in yoga's graphql-ws recipe: the upgrade request is a GET,
        // and yoga refuses mutations in a GET request, but graphql-ws carries any operation.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          params: payload,
          ...(creator === undefined ? {} : { creator }),
          ...(request.socket.remoteAddress === undefined
            ? {}
            : { remoteAddress: request.socket.remoteAddress }),
        });
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query);
        } catch (error) {
          return withRequestErrorCodes({ errors: [error] }).errors as never;
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return withRequestErrorCodes({ errors }).errors as never;
        let contextValue: Awaited<ReturnType<typeof contextFactory>>;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // Answered like any other error, rather than closing the socket (graphql-ws's 4500).
          return [maskError(error, UNEXPECTED_MESSAGE)] as never;
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

const tooManySubscriptions = (max: number) =>
  new GraphQLError(
    `This connection already runs ${max} operations, the most allowed; complete one or open another connection.`,
    { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
  );
