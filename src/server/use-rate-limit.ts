import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createTokenBuckets } from './token-buckets.js';

export interface RateLimitOptions {
  /** Operations per key per window; 0 turns the limit off. */
  readonly rateLimit: number;
  readonly rateWindowMs: number;
}

/** What an operation's context may carry to tell callers apart. */
interface CallerContext {
  /** Who is calling; `principal.sub` is the verified token's subject, when authentication is on. */
  readonly identity?: { readonly principal?: { readonly sub?: string } };
  /** The socket address, set by the WebSocket transport. */
  readonly remoteAddress?: string;
  /** The Node request yoga's adapter passes in as server context. */
  readonly req?: IncomingMessage;
}

/**
 * The key an operation is counted under: the verified principal, else the
 * caller's address. A creator header is not a key, as anyone can change it
 * with every request.
 */
export function rateLimitKey(context: unknown): string {
  const caller = (context ?? {}) as CallerContext;
  const sub = caller.identity?.principal?.sub;
  if (typeof sub === 'string') return `principal:${sub}`;
  return `address:${caller.remoteAddress ?? caller.req?.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * Counts every query, mutation and subscription against its caller's bucket;
 * past the limit the operation is refused with `RATE_LIMITED` (HTTP 429 and
 * `Retry-After`). A small token bucket rather than `@envelop/rate-limiter`:
 * that library limits single fields named by directive or config, while the
 * limit wanted here is on whole operations, per caller, on both transports.
 */
export function useRateLimit(options: RateLimitOptions): Plugin {
  if (options.rateLimit === 0) return {};
  const buckets = createTokenBuckets({ capacity: options.rateLimit, windowMs: options.rateWindowMs });
  const refusal = (context: unknown) => {
    const take = buckets.take(rateLimitKey(context));
    if (take.ok) return undefined;
    const seconds = Math.ceil(take.retryAfterMs / 1000);
    return new GraphQLError(
      `Too many operations: the limit is ${options.rateLimit} per ${options.rateWindowMs} ms. Retry after ${seconds} s.`,
      {
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: seconds,
          http: { status: 429, headers: { 'retry-after': String(seconds) } },
        },
      },
    );
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusal(args.contextValue);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusal(args.contextValue);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
