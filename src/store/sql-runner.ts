import { is, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * The one seam between the shared queries and a driver. Every query in
 * `store/` is written once as a drizzle `sql` template (always parameterised)
 * and runs unchanged on postgres.js and on PGlite through this interface.
 */
export interface SqlRunner {
  /** Runs one parameterised statement, a template or one compiled already, and returns its rows as plain objects. */
  rows<Row extends Record<string, unknown>>(query: SQL | CompiledQuery): Promise<Row[]>;
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export interface CompiledQuery {
  readonly text: string;
  readonly params: unknown[];
}

const dialect = new PgDialect();

/** Turns a drizzle `sql` template into `$1`-style text and its parameters (a compiled one stays as it is). */
export const compile = (query: SQL | CompiledQuery): CompiledQuery => {
  if (!is(query, SQL)) return query;
  const { sql, params } = dialect.sqlToQuery(query);
  return { text: sql, params };
};
