/**
 * Stable error codes. They are part of the public contract (docs/design.md §4) and
 * surface as `extensions.code` at the GraphQL boundary.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SCHEMA_INVALID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'OPERATION_TIMEOUT'
  | 'INTERNAL_SERVER_ERROR';

export interface RhizomeErrorOptions {
  cause?: unknown;
  /** Extra, non-sensitive facts for the client (which delta, which pointer). */
  details?: Record<string, unknown>;
}

export class RhizomeError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: RhizomeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RhizomeError';
    this.code = code;
    this.details = options.details;
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new RhizomeError('BAD_USER_INPUT', message, { details });

export const isRhizomeError = (error: unknown): error is RhizomeError => error instanceof RhizomeError;
