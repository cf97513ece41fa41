import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type Authenticator, NO_AUTH } from '../auth/authenticator.js';
import { identify } from '../auth/identify.js';
import type { Identity } from '../auth/principal.js';
import { isRhizomeError } from '../errors.js';
import type { GraphQLContext } from '../graphql/request-context.js';
import { maskError, UNEXPECTED_MESSAGE, withRequestErrorCodes } from './error-codes.js';
import { createErrorRequests } from './error-requests.js';
import { type ReadinessSources, useReadiness } from './readiness.js';
import { type RequestLimits, useRequestLimits } from './request-limits.js';
import { useAccessLog } from './use-access-log.js';
import { type CostLimitOptions, useCostLimit } from './use-cost-limit.js';
import { useGraphqlJsExecute } from './use-graphql-js-execute.js';
import { useOperationDeadline } from './use-operation-deadline.js';
import {
  corsOptions,
  type ProductionOptions,
  useCsrfPrevention,
  useIntrospectionSwitch,
} from './use-production-defaults.js';
import { type RateLimitOptions, useRateLimit } from './use-rate-limit.js';
import { useWriteCursor } from './use-write-cursor.js';

export interface YogaOptions {
  readonly schema: GraphQLSchema;
  /** Extra plugins, e.g. the schema swapper. */
  readonly plugins?: readonly Plugin[];
  /** Builds one operation's context for the caller who sent it. */
  createContext(identity: Identity): GraphQLContext;
  /** Verifies `Authorization: Bearer` tokens. @default NO_AUTH (auth off) */
  readonly authenticator?: Authenticator;
  /** What `GET /ready` checks: the database, the feed, a shutdown under way. */
  readonly readiness: ReadinessSources;
  /** GraphiQL's opening document, asked for on every page load (the schema can be swapped). */
  graphiqlDocument?(): string;
  /** Log one `operation` line per operation. @default true */
  readonly accessLog?: boolean;
  readonly limits: RequestLimits &
    CostLimitOptions &
    RateLimitOptions &
    ProductionOptions & { readonly operationTimeoutMs: number };
  readonly logger: Logger;
}

/** What a transport hands in to build a request's context. */
export interface InitialContext {
  readonly request?: Request;
  /** Set by the WebSocket transport, which identifies the caller once, at `connection_init`. */
  readonly identity?: Identity;
  /** Set by the WebSocket transport: the caller's socket address, for the rate limit. */
  readonly remoteAddress?: string;
}

export type RhizomeYoga = YogaServerInstance<InitialContext, GraphQLContext>;

const CREATOR_HEADER = 'x-rhizome-creator';

/** Request errors (syntax, validation) gain their code on the way out. */
const useRequestErrorCodes: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result)) setResult(result.map(withRequestErrorCodes));
    else if (!(Symbol.asyncIterator in result)) setResult(withRequestErrorCodes(result));
  },
};

/** A Rhizome error with a code a client can act on, bare or wrapped by graphql-js. */
const isExpected = (error: unknown): boolean => {
  const original = isRhizomeError(error)
    ? error
    : (error as { originalError?: unknown } | null)?.originalError;
  return isRhizomeError(original) && original.code !== 'INTERNAL_SERVER_ERROR';
};

export function createRhizomeYoga(options: YogaOptions): RhizomeYoga {
  const errorRequests = createErrorRequests();
  return createYoga<InitialContext, GraphQLContext>({
    schema: options.schema,
    context: async (initial) =>
      options.createContext(
        initial.identity ??
          (await identify(options.authenticator ?? NO_AUTH, {
            authorization: initial.request?.headers.get('authorization'),
            creator: initial.request?.headers.get(CREATOR_HEADER),
            creatorField: `The ${CREATOR_HEADER} header`,
          })),
      ),
    // isDev off whatever NODE_ENV says: yoga's development mode would add the original message and stack.
    maskedErrors: {
      maskError: (error, message) => maskError(error, message, false),
      errorMessage: UNEXPECTED_MESSAGE,
      isDev: false,
    },
    // Our own limit (request-limits.ts) counts the bytes read and answers like the content-length check.
    maxRequestBodySize: false,
    cors: corsOptions(options.limits),
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL served from the package itself, not a CDN: it works offline and behind firewalls.
    // Imported on the first page view: the package (GraphiQL inlined) is a fifth of the start-up.
    renderGraphiQL: async (graphiql) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiql),
    graphiql: options.limits.graphiql
      ? () => ({
          title: 'Rhizome',
          subscriptionsProtocol: 'WS',
          ...(options.graphiqlDocument && { defaultQuery: options.graphiqlDocument() }),
        })
      : false,
    logging: {
      debug: (...args) => options.logger.debug(args.map(String).join(' ')),
      info: (...args) => options.logger.info(args.map(String).join(' ')),
      warn: (...args) => options.logger.warn(args.map(String).join(' ')),
      error: (...args) =>
        options.logger[isExpected(args[0]) ? 'debug' : 'error'](
          { err: args[0], requestId: errorRequests.requestIdOf(args[0]) },
          args.slice(1).map(String).join(' ') || 'error',
        ),
    },
    plugins: [
      // Before yoga's masking, which logs the error it masks: the log line names the request.
      errorRequests.plugin,
      useGraphqlJsExecute,
      useCsrfPrevention(),
      ...useRequestLimits(options.limits),
      useIntrospectionSwitch(options.limits.introspection),
      useRateLimit(options.limits),
      useCostLimit(options.limits),
      ...useOperationDeadline(options.limits.operationTimeoutMs),
      useReadiness(options.readiness),
      useRequestErrorCodes,
      useWriteCursor,
      // After the error codes: it logs the code the caller sees.
      ...(options.accessLog === false ? [] : [useAccessLog(options.logger)]),
      ...(options.plugins ?? []),
    ],
  });
}
