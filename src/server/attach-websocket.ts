import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticator.js';
import { identify } from '../auth/identify.js';
import type { Identity } from '../auth/principal.js';
import { RhizomeError } from '../errors.js';
import type { GraphQLContext } from '../graphql/request-context.js';
import { type SharedOperation, sharedOperation } from './cohort-key.js';
import type { RhizomeYoga } from './create-yoga.js';
import { endAtExpiry } from './end-at-expiry.js';
import { maskError, UNEXPECTED_MESSAGE, withRequestErrorCodes } from './error-codes.js';
import type { LiveStats } from './live-stats.js';
import { serveGraphqlWs } from './serve-graphql-ws.js';
import { nextPrefix, payloadBytes } from './shared-payload.js';
import { createSubscriptionCohorts } from './subscription-cohorts.js';

interface Enveloped {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  shared: SharedOperation;
  /** Writes one result of this operation straight to its socket. */
  deliver: (result: ExecutionResult) => void;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export interface WebSocketLimits {
  /** Largest message; ws closes the socket with 1009 past it. */
  readonly maxBodyBytes: number;
  /** Operations at once on one connection; 0 for no limit. */
  readonly maxSubscriptions: number;
  /** Bytes buffered for a slow reader before it is closed with 4429; 0 for no limit. */
  readonly maxWsBufferBytes: number;
  /** Milliseconds between keep-alive sweeps; a socket that misses a ping is cut. 0 turns it off. */
  readonly wsKeepAliveMs: number;
}

const overflow = (limit: number) => () =>
  new RhizomeError(
    'RATE_LIMITED',
    `This subscription fell more than ${limit} events behind and was ended; subscribe again and re-read the current state.`,
    { details: { queueLimit: limit } },
  );

/**
 * Serves `graphql-transport-ws` on the GraphQL path, through yoga's envelop so
 * subscriptions get the same parse/validate cache, limits, context and error
 * masking as HTTP. The caller is identified once, from the `connection_init`
 * payload (`{ authorization: 'Bearer <jwt>' }`): with auth on, a bad token
 * closes the socket with 4403 (graphql-ws's Forbidden). Subscriptions and
 * `@live` queries of the same operation form a cohort that executes once per
 * change (src/server/subscription-cohorts.ts); each result is serialised once
 * and written straight to every member's socket (src/server/shared-payload.ts).
 */
export function attachWebSocket(
  server: Server,
  yoga: RhizomeYoga,
  limits: WebSocketLimits,
  authenticator: Authenticator,
  onJoin?: () => void,
) {
  // Every member here delivers straight to its socket (bounded by maxWsBufferBytes), so its queue
  // carries only its end; the bound stands for the cohorts' contract.
  const queueLimit = 1000;
  const cohorts = createSubscriptionCohorts<ExecutionResult>({
    queueLimit,
    overflow: overflow(queueLimit),
    // The bytes the members would be sent (encoded once per result anyway), compared as they are.
    same: (a, b) => payloadBytes(a).equals(payloadBytes(b)),
    ...(onJoin && { onJoin }),
  });
  const wsServer = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    maxPayload: limits.maxBodyBytes,
    // Compression keeps a zlib context per socket: far too much memory for many sockets.
    perMessageDeflate: false,
  });
  // Per socket: who it is, or (auth off) why its creator was refused, answered per operation as before.
  const callers = new WeakMap<object, { identity: Identity } | { error: unknown }>();
  let solo = 0;
  /** One execution per cohort; each member's stream still ends when its own token expires. */
  const run = (args: ExecutionArgs, operation: 'execute' | 'subscribe') => {
    const root = args.rootValue as Enveloped;
    const start = () => root[operation](args) as ExecutionResult | AsyncIterable<ExecutionResult>;
    // A subscription that runs on its own is a cohort of one, so it is counted and bounded alike.
    const key = root.shared?.key ?? (operation === 'subscribe' ? `solo:${solo++}` : undefined);
    const result =
      key === undefined
        ? start()
        : cohorts.join(key, start, { replayLatest: root.shared?.live ?? false, deliver: root.deliver });
    return endAtExpiry(result, (args.contextValue as GraphQLContext).identity.principal?.expiresAt) as never;
  };
  const disposable = serveGraphqlWs(
    {
      execute: (args) => run(args, 'execute'),
      subscribe: (args) => run(args, 'subscribe'),
      onConnect: async (ctx) => {
        const request = ctx.extra.request as IncomingMessage;
        const params = ctx.connectionParams ?? {};
        try {
          const identity = await identify(authenticator, {
            authorization: text(params.authorization),
            creator: text(params.creator) ?? text(request.headers['x-rhizome-creator']),
            creatorField: 'The creator connection parameter',
          });
          callers.set(ctx.extra, { identity });
        } catch (error) {
          if (authenticator.enabled) return false;
          callers.set(ctx.extra, { error });
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has registered this operation already, so it counts itself.
        const running = Object.keys(ctx.subscriptions).length;
        if (limits.maxSubscriptions > 0 && running > limits.maxSubscriptions) {
          return [tooManySubscriptions(limits.maxSubscriptions)] as never;
        }
        const caller = callers.get(ctx.extra);
        if (caller === undefined || 'error' in caller) {
          return [maskError(caller?.error, UNEXPECTED_MESSAGE)] as never;
        }
        const { identity } = caller;
        const expiresAt = identity.principal?.expiresAt;
        if (expiresAt !== undefined && expiresAt <= Date.now()) {
          const error = new RhizomeError(
            'UNAUTHENTICATED',
            'The token of this connection has expired; reconnect with a fresh token.',
          );
          return [maskError(error, UNEXPECTED_MESSAGE)] as never;
        }
        // No Fetch `request` here, as in yoga's graphql-ws recipe: the upgrade request is a GET,
        // and yoga refuses mutations in a GET request, but graphql-ws carries any operation.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          params: payload,
          identity,
          ...(ctx.extra.request.socket.remoteAddress === undefined
            ? {}
            : { remoteAddress: ctx.extra.request.socket.remoteAddress }),
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
        const shared = sharedOperation({
          schema,
          document,
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          identity,
          rulesApply: authenticator.enabled,
        });
        const prefix = nextPrefix(id);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
          rootValue: {
            execute,
            subscribe,
            shared,
            deliver: (result) => disposable.writeNext(ctx.extra, prefix, result),
          } satisfies Enveloped,
        };
      },
    },
    wsServer,
    { keepAliveMs: limits.wsKeepAliveMs, maxBufferedBytes: limits.maxWsBufferBytes },
  );
  return {
    stats(): LiveStats {
      return { sockets: wsServer.clients.size, ...cohorts.counts() };
    },
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
