import type { Sql, TransactionSql } from 'postgres';
import { compile, type SqlRunner } from './sql-runner.js';

type Client = Sql | TransactionSql;

const isPool = (client: Client): client is Sql => 'begin' in client;

/** A `SqlRunner` over a postgres.js pool (or one of its transactions). */
export const createPostgresRunner = (client: Client): SqlRunner => ({
  async rows<Row extends Record<string, unknown>>(query: Parameters<SqlRunner['rows']>[0]) {
    const { text, params } = compile(query);
    // Prepared: the same few statements run all the time, so parse/plan once per connection.
    const result = await client.unsafe(text, params as never[], { prepare: true });
    return result as unknown as Row[];
  },
  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    if (!isPool(client)) return work(createPostgresRunner(client));
    return (await client.begin((tx) => work(createPostgresRunner(tx)))) as T;
  },
});
