import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { runCommand } from './options.js';

interface SchemaPrintFlags {
  readonly schema?: string;
  readonly out?: string;
}

/**
 * `schema print` writes the GraphQL SDL the declarations compile to. The
 * output is committed as `schema.graphql`, so schema changes show up in review
 * and `npm run codegen` can build typed clients without a running server.
 */
const printCommand = (): Command =>
  new Command('print')
    .description('print the GraphQL schema (SDL) built from the entity declarations')
    .option('--schema <dir>', 'directory of entity declarations (default: RHIZOME_SCHEMA or ./schema)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nAfter changing a declaration: npm run schema:print && npm run codegen')
    .action((flags: SchemaPrintFlags) =>
      runCommand({ schemaDir: flags.schema }, async (config) => {
        const [{ sdlOf }, { loadSchemaDir }] = await Promise.all([
          import('./write-sdl.js'),
          import('../model/load-schema-dir.js'),
        ]);
        const text = sdlOf(await loadSchemaDir(config.schemaDir));
        if (flags.out === undefined) {
          process.stdout.write(text);
          return;
        }
        await writeFile(flags.out, text);
        process.stderr.write(`wrote ${flags.out}\n`);
      }),
    );

export const schemaCommand = (): Command =>
  new Command('schema').description('work with the entity declarations').addCommand(printCommand());
