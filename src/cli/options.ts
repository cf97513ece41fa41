import { type Command, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { DEFAULT_DATA_DIR } from '../store/default-data-dir.js';
import { describeError, type ErrorContext } from './describe-error.js';

/** Flags shared by every command that opens the store. */
export interface StoreFlags {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
}

export const addStoreOptions = (command: Command): Command =>
  command
    .option('--database-url <url>', 'Postgres URL (default: DATABASE_URL, else the embedded database)')
    .option(
      '--data-dir <dir>',
      `embedded database directory (default: RHIZOME_DATA_DIR or ${DEFAULT_DATA_DIR})`,
    );

export const parsePort = (raw: string): number => {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('expected a port number between 0 and 65535.');
  }
  return port;
};

export const parseCount = (raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new InvalidArgumentError('expected a non-negative integer.');
  return value;
};

/**
 * Runs a command body on the configuration (flags in `overrides` win over the
 * environment) and turns any failure into one line on stderr and exit code 1,
 * a bad environment variable included. Exiting explicitly matters: a failed
 * start can leave a pool or an embedded database holding the event loop open.
 */
export async function runCommand(
  overrides: Partial<Config>,
  body: (config: Config) => Promise<void>,
): Promise<void> {
  let context: ErrorContext = {};
  try {
    const config = loadConfig(overrides);
    context = { port: config.port, databaseUrl: config.databaseUrl };
    await body(config);
  } catch (error) {
    process.stderr.write(`rhizome: ${describeError(error, context)}\n`);
    process.exit(1);
  }
}
