import type { PGlite, Transaction } from '@electric-sql/pglite';
import { compile, type SqlRunner } from './sql-runner.js';

type Client = PGlite | Transaction;

const isDatabase = (client: Client): client is PGlite => 'transaction' in client;

/** A `SqlRunner` over an embedded PGlite database (or one of its transactions). */
export const createPgliteRunner = (client: Client): SqlRunner => ({
  async rows<Row extends Record<string, unknown>>(query: Parameters<SqlRunner['rows']>[0]) {
    const { text, params } = compile(query);
    const result = await client.query<Row>(text, params);
    return result.rows;
  },
  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    if (!isDatabase(client)) return work(createPgliteRunner(client));
    return client.transaction((tx) => work(createPgliteRunner(tx)));
  },
});
