import { Command } from 'commander';
import { redactUrl } from './describe-error.js';
import { addStoreOptions, configFrom, runCommand, type StoreFlags } from './options.js';

/**
 * Creates or upgrades the tables. `serve` and `import` migrate on their own;
 * this is for deployments that run migrations as a separate step.
 */
export const migrateCommand = (): Command =>
  addStoreOptions(
    new Command('migrate').description('create or upgrade the database tables (idempotent)'),
  ).action((flags: StoreFlags) => {
    const config = configFrom({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir });
    return runCommand(
      () => ({ databaseUrl: config.databaseUrl }),
      async () => {
        const { openStore } = await import('../store/open-store.js');
        const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        try {
          await store.migrate();
        } finally {
          await store.close();
        }
        const where = config.databaseUrl
          ? redactUrl(config.databaseUrl)
          : `embedded database in ${config.dataDir}`;
        process.stdout.write(`migrated ${where}\n`);
      },
    );
  });
