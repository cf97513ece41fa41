import { type ErrorCode, isRhizomeError, RhizomeError } from '../errors.js';

/** Node socket errors and postgres.js's own connection errors: the database cannot be reached. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** SQLSTATEs that mean "not now" rather than "never": the server is starting, stopping, full, or gone. */
const UNAVAILABLE_STATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '3D000',
  '28000',
  '28P01',
  '40001',
  '40P01',
]);

/** The SQLSTATE (or postgres.js / Node error code) of a driver error. */
export const sqlStateOf = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

const classify = (code: string | undefined): { code: ErrorCode; message: string } => {
  if (code === undefined) return { code: 'INTERNAL_SERVER_ERROR', message: 'The delta store failed.' };
  if (CONNECTION_ERRORS.has(code) || code.startsWith('08') || UNAVAILABLE_STATES.has(code)) {
    return { code: 'SERVICE_UNAVAILABLE', message: `The database is unavailable (${code}); retry later.` };
  }
  if (code === '23505') return { code: 'CONFLICT', message: 'A delta with this id already exists.' };
  if (code === '23001') {
    return { code: 'FORBIDDEN', message: 'Deltas are append-only; retract one by appending a negation.' };
  }
  // Class 22 (bad data: a NUL character, a non-integer timeCreated) and 54000 (a value too big for an index).
  if (code.startsWith('22') || code === '54000') {
    return { code: 'BAD_USER_INPUT', message: `The database rejected a delta's content (SQLSTATE ${code}).` };
  }
  return { code: 'INTERNAL_SERVER_ERROR', message: `The delta store failed (SQLSTATE ${code}).` };
};

/**
 * Translates a driver error (postgres.js or PGlite) into a `RhizomeError`.
 * The message names the kind of failure only: driver messages and details can
 * carry SQL parameters (ids, values), so they stay in `cause` for the logs.
 */
export const toStoreError = (error: unknown): RhizomeError => {
  if (isRhizomeError(error)) return error;
  const { code, message } = classify(sqlStateOf(error));
  return new RhizomeError(code, message, { cause: error });
};

/** Runs `work`, translating whatever it throws. */
export const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error);
  }
};
