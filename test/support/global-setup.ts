import './provided-context.js';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { findPostgresBinaries } from './postgres-binaries.js';
import { startThrowawayCluster } from './throwaway-cluster.js';

interface Server {
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'No PostgreSQL for the tests: set DATABASE_URL, run a container engine for testcontainers, or install the PostgreSQL server binaries (initdb and pg_ctl, e.g. `apt-get install postgresql`).';

const answers = async (url: string) => {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
};

/** A container through testcontainers; undefined when no container runtime answers or the container fails. */
const fromContainer = async (): Promise<Server | undefined> => {
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return { adminUrl: container.getConnectionUri(), stop: async () => void (await container.stop()) };
  } catch (error) {
    // "Could not find a working container runtime strategy" is the normal case
    // without Docker; anything else (an image that cannot be pulled) is worth a line.
    const message = error instanceof Error ? error.message : String(error);
    if (!/container runtime/i.test(message)) {
      console.warn(`testcontainers failed (${message.split('\n')[0]}); trying local PostgreSQL binaries.`);
    }
    return undefined;
  }
};

/**
 * Finds a PostgreSQL for the whole test run, in this order: `DATABASE_URL`;
 * a testcontainers container; a throwaway cluster from local binaries. It
 * never guesses 127.0.0.1:5432 (`.ci/run` exports `DATABASE_URL` for it).
 * Test files get the admin URL through `inject('adminUrl')` and make their
 * own database with `useTestDatabase()`.
 */
const findServer = async (): Promise<Server> => {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    await answers(configured).catch((cause) => {
      throw new Error('DATABASE_URL is set but the database does not answer.', { cause });
    });
    return { adminUrl: configured, stop: async () => {} };
  }
  const container = await fromContainer();
  if (container) return container;
  if (findPostgresBinaries()) {
    const cluster = await startThrowawayCluster();
    return { adminUrl: cluster.url, stop: () => cluster.stop() };
  }
  throw new Error(INSTALL_HINT);
};

export default async function setup(project: TestProject) {
  const server = await findServer();
  project.provide('adminUrl', server.adminUrl);
  return () => server.stop();
}
