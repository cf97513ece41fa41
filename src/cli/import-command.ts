import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import type { DeltaDefaults } from '../delta/delta-defaults.js';
import type { DeltaStore } from '../store/delta-store.js';
import { describeError } from './describe-error.js';
import { ImportLineError, type ImportProgress, importDeltas } from './import-deltas.js';
import { addStoreOptions, parseCount, runCommand, type StoreFlags } from './options.js';
import { createProgress, summaryLine } from './progress.js';
import { withStore } from './with-store.js';

interface ImportFlags extends StoreFlags {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly skip: number;
  readonly nodeId?: string;
  readonly format: 'rhizome' | 'rhizome-node';
  readonly json?: boolean;
}

const HELP = `
Reads NDJSON, one wire-format delta per line (as written by \`rhizome export\`).
With --format rhizome-node, each line is a delta of the original rhizome-node
(V1 pointer list or V2 object-keyed pointers): a string target with a
targetContext becomes an entity reference, microsecond times become
milliseconds, and its _rel_* contexts are stored as data.
Every line must carry its own "id" and "timeCreated": they are what makes an
import idempotent. "creator" defaults to "anonymous", "host" to this node id.
Each batch is one transaction. A bad line stops the import with its line
number, and nothing from its batch is stored.

Re-running an import is always safe (identical deltas are no-ops), so an
interrupted import resumes by running it again. For a large file, skip what is
already stored with the --skip N that the interrupted run printed:

  $ rhizome import all.ndjson
  ^C interrupted: imported 300000 deltas ...; resume with --skip 300000
  $ rhizome import all.ndjson --skip 300000`;

/**
 * Deltas in an import keep their own identity; inventing an id or a time would
 * make every re-run store the data again (or conflict), so those are required.
 */
const importDefaults = (host: string): DeltaDefaults => ({
  creator: 'anonymous',
  host,
  now: () => {
    throw new Error('missing "timeCreated"; imported deltas must carry their own time');
  },
  newId: () => {
    throw new Error('missing "id"; imported deltas must carry their own id so that re-running is safe');
  },
});

export const importCommand = (): Command =>
  addStoreOptions(
    new Command('import')
      .description('store NDJSON deltas from FILE (or stdin): batched, idempotent, resumable')
      .argument('[file]', 'NDJSON file; stdin when omitted or "-"')
      .option('--batch-size <n>', 'deltas per transaction', parseCount, 1000)
      .option('--skip <n>', 'pass over the first N lines (already imported)', parseCount, 0)
      .option(
        '--concurrency <n>',
        'batches in flight at once; above 1 loads faster but the feed order may differ from the file',
        parseCount,
        1,
      )
      .option('--node-id <id>', 'host recorded on deltas that do not name one (default: RHIZOME_NODE_ID)')
      .option('--json', 'print the summary as one JSON object on stdout')
      .addOption(
        new Option('--format <format>', 'the format of each line')
          .choices(['rhizome', 'rhizome-node'])
          .default('rhizome'),
      ),
  )
    .addHelpText('after', HELP)
    .action((file: string | undefined, flags: ImportFlags) =>
      runCommand(
        { databaseUrl: flags.databaseUrl, dataDir: flags.dataDir, nodeId: flags.nodeId },
        async (config) => {
          const fromFile = file !== undefined && file !== '-';
          const input = fromFile ? createReadStream(file) : process.stdin;
          // Opening first reports a missing file before touching the database.
          if (fromFile)
            await new Promise((resolve, reject) => input.once('open', resolve).once('error', reject));
          await withStore(config, async (store) => {
            await store.migrate();
            await runImport({
              input,
              totalBytes: fromFile ? statSync(file).size : undefined,
              flags,
              store,
              nodeId: config.nodeId,
              databaseUrl: config.databaseUrl,
            });
          });
        },
      ),
    );

interface ImportRun {
  readonly input: NodeJS.ReadableStream & { bytesRead?: number };
  /** The file's size, which the progress bar measures against; unknown for stdin. */
  readonly totalBytes: number | undefined;
  readonly flags: ImportFlags;
  readonly store: Pick<DeltaStore, 'append'>;
  readonly nodeId: string;
  readonly databaseUrl: string | undefined;
}

async function runImport({ input, totalBytes, flags, store, nodeId, databaseUrl }: ImportRun): Promise<void> {
  const { parseDelta } = await import('../delta/parse-delta.js');
  const { fromRhizomeNode } = await import('./rhizome-node-format.js');
  const convert = flags.format === 'rhizome-node' ? fromRhizomeNode : (value: unknown) => value;
  const defaults = importDefaults(nodeId);
  const progress = createProgress({ label: 'importing', total: totalBytes });
  let last: ImportProgress = { committedLines: flags.skip, deltas: 0, inserted: 0 };
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', interrupt);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const resumeHint = () => `resume with --skip ${last.committedLines}`;
  try {
    const result = await importDeltas(lines, {
      store,
      parse: (value) => parseDelta(convert(value), defaults),
      batchSize: Math.max(1, flags.batchSize),
      skip: flags.skip,
      concurrency: flags.concurrency,
      stopped: () => interrupted,
      onBatch: (current) => {
        last = current;
        progress.update(current.deltas, input.bytesRead);
      },
    });
    last = result;
    progress.stop();
    const already = result.deltas - result.inserted;
    if (flags.json) {
      const summary = {
        imported: result.deltas,
        new: result.inserted,
        alreadyStored: already,
        seconds: Math.round(progress.elapsed() * 1000) / 1000,
        interrupted: result.stopped,
        ...(result.stopped && { resumeSkip: last.committedLines }),
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (result.stopped) process.exitCode = 130;
      return;
    }
    const summary = `${summaryLine('imported', result.deltas, progress.elapsed())}; ${result.inserted} new, ${already} already stored`;
    if (result.stopped) {
      process.stderr.write(`interrupted: ${summary}; ${resumeHint()}\n`);
      process.exitCode = 130;
    } else {
      process.stderr.write(`${summary}\n`);
    }
  } catch (error) {
    progress.stop();
    // One line: what is wrong, and what was kept so the user knows how to go on.
    const reason = error instanceof ImportLineError ? error.message : describeError(error, { databaseUrl });
    const kept =
      last.committedLines === flags.skip
        ? 'nothing stored by this run'
        : `lines 1-${last.committedLines} are stored; ${resumeHint()}`;
    throw new Error(`${reason} (${kept})`);
  } finally {
    process.removeListener('SIGINT', interrupt);
    lines.close();
  }
}
