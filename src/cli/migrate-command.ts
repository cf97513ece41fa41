import { Command } from 'commander';
import { redactUrl } from './describe-error.js';
import { addStoreOptions, runCommand, type StoreFlags } from './options.js';
import { withStore } from './with-store.js';

/**
 * Creates or upgrades the tables. `serve` and `import` migrate on their own;
 * this is for deployments that run migrations as a separate step.
 */
export const migrateCommand = (): Command =>
  addStoreOptions(
    new Command('migrate').description('create or upgrade the database tables (idempotent)'),
  ).action((flags: StoreFlags) =>
    runCommand({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }, async (config) => {
      await withStore(config, (store) => store.migrate());
      const where = config.databaseUrl
        ? redactUrl(config.databaseUrl)
        : `embedded database in ${config.dataDir}`;
      process.stdout.write(`migrated ${where}\n`);
    }),
  );
