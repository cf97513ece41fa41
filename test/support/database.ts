import './provided-context.js';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, cutting any connection still open (`WITH (FORCE)`). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * Apply the migrations, so the deltas table exists.
   * @default true
   */
  readonly migrate?: boolean;
  /**
   * The server to create it on.
   * @default inject('adminUrl')
   */
  readonly adminUrl?: string;
}

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** Creates a fresh `test_<random>` database (migrated unless told otherwise). */
export const createTestDatabase = async (options: TestDatabaseOptions = {}): Promise<TestDatabase> => {
  const adminUrl = options.adminUrl ?? inject('adminUrl');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    // An identifier cannot be a parameter; `name` is ours, hex and underscores only.
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  if (options.migrate ?? true) {
    const store = createPostgresStore({ url, maxConnections: 1 });
    await store.migrate();
    await store.close();
  }
  return {
    name,
    url,
    async drop() {
      const session = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await session.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await session.end();
      }
    },
  };
};

/**
 * A database of this test file's own: created (and migrated) before its first
 * test, dropped after its last, so files run in parallel and leave nothing.
 * Read `url` inside tests or hooks, not at import time.
 * @example const db = useTestDatabase(); test('…', async () => { const store = createPostgresStore({ url: db.url }); … });
 */
export const useTestDatabase = (options: TestDatabaseOptions = {}): { readonly url: string } => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(options);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url() {
      if (!database) throw new Error('useTestDatabase().url is only ready inside tests and hooks.');
      return database.url;
    },
  };
};
