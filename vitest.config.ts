import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CJS (`main`) and ESM (`module`) side by side. Node, and so every
// dependency, loads the CJS one; Vite would hand our sources the ESM one, and
// graphql-js refuses types from the other copy. Point everyone at Node's choice.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Finds a PostgreSQL once per run (DATABASE_URL → testcontainers → local binaries).
    globalSetup: ['test/support/global-setup.ts'],
    // Most files wait on PostgreSQL, child processes or sockets more than they compute, and each
    // spends seconds importing; vitest's default on two cores is one worker, which leaves a core idle.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
