import { randomUUID } from 'node:crypto';
import { type ExecutionArgs, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { requestIdOf } from './request-scope.js';

interface Started {
  readonly at: number;
  readonly requestId: string;
  operationName?: string | undefined;
  operationType?: string | undefined;
}

interface ResultLike {
  readonly errors?: readonly { readonly extensions?: Record<string, unknown> }[];
}

/** The first error's code, or `OK`. */
const codeOf = (result: unknown): string => {
  const code = (result as ResultLike | null)?.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : (result as ResultLike | null)?.errors?.length ? 'ERROR' : 'OK';
};

const describe = (args: ExecutionArgs) => {
  const operation = getOperationAST(args.document, args.operationName);
  return {
    operationName: operation?.name?.value ?? args.operationName ?? undefined,
    operationType: operation?.operation,
  };
};

const since = (at: number) => Math.round((performance.now() - at) * 100) / 100;

/**
 * One `operation` log line per GraphQL operation: its name and type, how long
 * it took, the first error's code (or `OK`), the transport and the request id
 * (the `x-request-id` the HTTP response carries; a fresh one per operation
 * over WebSocket). A subscription is logged when it starts.
 */
export function useAccessLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, Started>();
  const hasRequest = (args: ExecutionArgs) => (args.contextValue as { request?: Request }).request;

  const track = (args: ExecutionArgs, done: (result: unknown) => void) => {
    const request = hasRequest(args);
    if (request) {
      const entry = started.get(request);
      if (entry) Object.assign(entry, describe(args));
      return undefined;
    }
    const at = performance.now();
    return (result: unknown) => {
      logger.info(
        {
          requestId: randomUUID(),
          ...describe(args),
          durationMs: since(at),
          code: codeOf(result),
          transport: 'ws',
        },
        'operation',
      );
      done(result);
    };
  };

  return {
    onRequest({ request }) {
      started.set(request, { at: performance.now(), requestId: requestIdOf(request) });
    },
    onParams({ params, request }) {
      const entry = started.get(request);
      if (entry) entry.operationName = params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const log = track(args, () => {});
      return log && { onExecuteDone: ({ result }) => log(result) };
    },
    onSubscribe({ args }) {
      const log = track(args, () => {});
      return log && { onSubscribeResult: ({ result }) => log(result) };
    },
    onResultProcess({ request, result }) {
      const entry = started.get(request);
      if (!entry) return;
      started.delete(request);
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        logger.info(
          {
            requestId: entry.requestId,
            operationName: entry.operationName,
            operationType: entry.operationType,
            durationMs: since(entry.at),
            code: codeOf(one),
            transport: Symbol.asyncIterator in (one as object) ? 'sse' : 'http',
          },
          'operation',
        );
      }
    },
  };
}
