import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../store/default-data-dir.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { migrateCommand } from './migrate-command.js';
import { quarantineCommand } from './quarantine-command.js';
import { schemaCommand } from './schema-print-command.js';
import { serveCommand } from './serve-command.js';
import { statusCommand } from './status-command.js';

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
};

/** The `rhizome` command tree; `main.ts` runs it, tests can inspect it. */
export function createProgram(): Command {
  return new Command('rhizome')
    .description(
      'A GraphQL data service where nothing is overwritten: immutable deltas, views resolved at read time.',
    )
    .version(version())
    .showHelpAfterError('(add --help for usage)')
    .addCommand(serveCommand())
    .addCommand(migrateCommand())
    .addCommand(schemaCommand())
    .addCommand(exportCommand())
    .addCommand(importCommand())
    .addCommand(quarantineCommand())
    .addCommand(statusCommand())
    .addHelpText(
      'after',
      `
Configuration comes from flags, else the environment (PORT, DATABASE_URL,
RHIZOME_DATA_DIR, RHIZOME_SCHEMA, RHIZOME_NODE_ID, LOG_LEVEL). Without
DATABASE_URL, Rhizome uses an embedded database in ${DEFAULT_DATA_DIR}.`,
    );
}
