import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { isRhizomeError } from '../errors.js';

/**
 * Errors reach clients with a stable `extensions.code` (DESIGN.md §4):
 * Rhizome's own errors keep theirs; errors graphql-js raises about the request
 * itself (syntax, validation, variable coercion) are `BAD_USER_INPUT`;
 * anything unexpected is masked as `INTERNAL_SERVER_ERROR`.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (isRhizomeError(original)) {
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(original.message, {
      nodes: graphQLError?.nodes,
      path: graphQLError?.path,
      extensions: { code: original.code, ...original.details },
    });
  }
  if (original instanceof GraphQLError && original.extensions.code) {
    // A GraphQLError raised below a resolver (e.g. a scalar's parse) already says what went wrong.
    return new GraphQLError(original.message, {
      nodes: (error as GraphQLError).nodes,
      path: (error as GraphQLError).path,
      extensions: original.extensions,
    });
  }
  return yogaMaskError(error, message, isDev);
}

/** Adds `BAD_USER_INPUT` to request errors that carry no code. */
export function withRequestErrorCodes<T extends { errors?: readonly unknown[] }>(result: T): T {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    if (!(error instanceof GraphQLError) || error.extensions.code) return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  });
  return { ...result, errors };
}
