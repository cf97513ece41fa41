import { isRhizomeError } from '../errors.js';

/** What the CLI knows about the situation an error arose in, to say what to fix. */
export interface ErrorContext {
  /** The port `serve` tried to listen on. */
  readonly port?: number;
  /** The database the command tried to reach (password removed before printing). */
  readonly databaseUrl?: string;
}

interface SystemError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

/** Walks `cause` chains and AggregateErrors so a wrapped driver error is still recognised. */
function* causes(error: unknown, depth = 0): Generator<SystemError> {
  if (depth > 8 || typeof error !== 'object' || error === null) return;
  const e = error as SystemError;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* causes(inner, depth + 1);
  yield* causes(e.cause, depth + 1);
}

const findCode = (error: unknown, codes: readonly string[]): SystemError | undefined => {
  for (const e of causes(error)) if (typeof e.code === 'string' && codes.includes(e.code)) return e;
  return undefined;
};

/** Hides credentials: a URL printed to a terminal ends up in logs and screenshots. */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
};

const firstLine = (text: string): string => text.split('\n')[0]?.trim() ?? '';

const CONNECTION_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
];

/**
 * Turns any failure into the one line a terminal user reads: what went wrong
 * and what to do. Stack traces stay out; `LOG_LEVEL=debug` users get them from pino.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (findCode(error, ['EADDRINUSE'])) {
    const port = context.port === undefined ? '' : ` ${context.port}`;
    return `port${port} is already in use (EADDRINUSE); stop the other process or choose another with --port`;
  }
  const where = context.databaseUrl ? `the database at ${redactUrl(context.databaseUrl)}` : 'the database';
  const unreachable = findCode(error, CONNECTION_CODES);
  if (unreachable) {
    return `cannot reach ${where} (${String(unreachable.code)}); check --database-url / DATABASE_URL and that Postgres is running`;
  }
  const missingDb = findCode(error, ['3D000', '28P01', '28000']);
  if (missingDb) {
    return `cannot use ${where}: ${firstLine(String(missingDb.message))} (${String(missingDb.code)})`;
  }
  for (const e of causes(error)) {
    if (!isRhizomeError(e)) continue;
    // Masked for API clients, but the operator at this terminal needs the underlying cause.
    const cause = e.code === 'INTERNAL_SERVER_ERROR' && e.cause instanceof Error ? e.cause.message : '';
    return `${e.code}: ${firstLine(e.message)}${cause ? ` (${firstLine(cause)})` : ''}`;
  }
  if (error instanceof Error) return firstLine(error.message) || error.name;
  return firstLine(String(error));
}
