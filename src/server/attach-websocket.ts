import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { RhizomeYoga } from './create-yoga.js';
import { maskError, UNEXPECTED_MESSAGE, withRequestErrorCodes } from './error-codes.js';

interface Enveloped {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * Serves `graphql-transport-ws` on the GraphQL path, through yoga's envelop so
 * subscriptions get the same parse/validate cache, limits, context and error
 * masking as HTTP.
 */
export function attachWebSocket(server: Server, yoga: RhizomeYoga, maxPayload: number) {
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload });
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
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
