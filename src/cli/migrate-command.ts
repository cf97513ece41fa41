import { Command } from 'commander';
import { redactUrl } from './describe-error.js';
import { addStoreOptions, runCommand, type StoreFlags } from './options.js';
import { withStore } from './with-store.js';

interface MigrateFlags extends StoreFlags {
  readonly status?: boolean;
  readonly json?: boolean;
}

/**
 * Creates or upgrades the tables. `serve` and `import` migrate on their own;
 * this is for deployments that run migrations as a separate step. `--status`
 * only reports which migrations the database has and which are pending.
 */
export const migrateCommand = (): Command =>
  addStoreOptions(
    new Command('migrate')
      .description('create or upgrade the database tables (idempotent)')
      .option('--status', 'list each migration as applied or pending, and change nothing')
      .option('--json', 'print one JSON object'),
  ).action((flags: MigrateFlags) =>
    runCommand({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }, async (config) => {
      const where = config.databaseUrl
        ? redactUrl(config.databaseUrl)
        : `embedded database in ${config.dataDir}`;
      const migrations = await withStore(config, async (store) => {
        if (!flags.status) await store.migrate();
        return (await store.migrations?.()) ?? [];
      });
      const applied = migrations.filter((m) => m.applied).map((m) => m.tag);
      const pending = migrations.filter((m) => !m.applied).map((m) => m.tag);
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ database: where, migrated: !flags.status, applied, pending })}\n`,
        );
        return;
      }
      if (!flags.status) {
        process.stdout.write(`migrated ${where}\n`);
        return;
      }
      for (const m of migrations) process.stdout.write(`${m.applied ? 'applied' : 'pending'}  ${m.tag}\n`);
      process.stdout.write(`${where}: ${applied.length} applied, ${pending.length} pending\n`);
    }),
  );
