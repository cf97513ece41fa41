import { defineConfig } from 'drizzle-kit';

/** drizzle-kit reads the tables from one file and writes SQL migrations that are committed. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/tables.ts',
  out: './migrations',
});
