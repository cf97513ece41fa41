import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { isRhizomeError } from '../errors.js';

/** The GraphQL error around a resolver's error; duck-typed, as yoga and we may see different graphql-js copies. */
interface WrappingError {
  readonly originalError?: unknown;
  readonly nodes?: GraphQLError['nodes'];
  readonly path?: GraphQLError['path'];
  readonly extensions?: GraphQLError['extensions'];
}

/** Codes graphql-js and yoga give to errors about the request itself; docs/design.md §4 calls all of them this. */
const REQUEST_ERROR_CODES = new Set([
  undefined,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

/** The code that always means "unexpected": its message may carry internals, so it is never shown. */
const UNEXPECTED = 'INTERNAL_SERVER_ERROR';

/** The fixed sentence a masked error shows (yoga's default, so HTTP and WebSocket agree). */
export const UNEXPECTED_MESSAGE = 'Unexpected error.';

/**
 * Errors reach clients with a stable `extensions.code` (docs/design.md §4):
 * Rhizome's own errors keep theirs; errors raised by a scalar while parsing
 * input keep theirs; anything unexpected, including a Rhizome error coded
 * `INTERNAL_SERVER_ERROR`, is masked (a fixed sentence; yoga logs the detail).
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const wrapper = (typeof error === 'object' && error !== null ? error : {}) as WrappingError;
  // Resolver errors arrive wrapped in a GraphQLError; errors building the context arrive bare.
  const original = isRhizomeError(error) ? error : wrapper.originalError;
  if (isRhizomeError(original) && original.code !== UNEXPECTED) {
    return new GraphQLError(original.message, {
      nodes: wrapper.nodes,
      path: wrapper.path,
      extensions: { code: original.code, ...original.details },
    });
  }
  const originalCode = (original as WrappingError | undefined)?.extensions?.code;
  if (typeof originalCode === 'string' && originalCode !== UNEXPECTED) {
    return new GraphQLError((original as Error).message, {
      nodes: wrapper.nodes,
      path: wrapper.path,
      extensions: { code: originalCode },
    });
  }
  return yogaMaskError(error, message, isDev);
}

/** Gives request errors (syntax, validation, variables) the code `BAD_USER_INPUT`. */
export function withRequestErrorCodes<T extends { errors?: readonly unknown[] }>(result: T): T {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const { extensions = {} } = error as WrappingError;
    if (!REQUEST_ERROR_CODES.has(extensions.code as string | undefined)) return error;
    const { message, nodes, path } = error as GraphQLError;
    return new GraphQLError(message, { nodes, path, extensions: { ...extensions, code: 'BAD_USER_INPUT' } });
  });
  return { ...result, errors };
}
