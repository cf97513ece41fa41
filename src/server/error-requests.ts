import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { requestIdOf } from './request-scope.js';

/**
 * Which HTTP request an error arose in, so that the error's log line names the
 * request id (docs/design.md §12). yoga logs a masked error with no request at
 * hand; this plugin, registered before yoga's masking, tags each error of an
 * operation's results and of its context building with the id first.
 */
export interface ErrorRequests {
  readonly plugin: Plugin;
  /** The request id of an error the plugin saw; undefined for errors outside an HTTP operation. */
  requestIdOf(error: unknown): string | undefined;
}

export function createErrorRequests(): ErrorRequests {
  const ids = new WeakMap<object, string>();
  const tag = (errors: readonly unknown[] | undefined, context: unknown) => {
    const request = (context as { request?: Request } | null | undefined)?.request;
    if (request === undefined || errors === undefined) return;
    const id = requestIdOf(request);
    for (const error of errors) if (typeof error === 'object' && error !== null) ids.set(error, id);
  };
  const tagResults = (payload: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) =>
    handleStreamOrSingleExecutionResult(payload, ({ result, args }) => tag(result.errors, args.contextValue));
  return {
    plugin: {
      onPluginInit({ registerContextErrorHandler }) {
        registerContextErrorHandler(({ error, context }) => tag([error], context));
      },
      onExecute: () => ({ onExecuteDone: tagResults }),
      onSubscribe: () => ({ onSubscribeResult: tagResults }),
    },
    requestIdOf: (error) => (typeof error === 'object' && error !== null ? ids.get(error) : undefined),
  };
}
