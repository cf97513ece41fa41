import { createWriteStream, type WriteStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Command } from 'commander';
import type { DeltaStore } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import { addStoreOptions, runCommand, type StoreFlags } from './options.js';
import { createProgress, summaryLine } from './progress.js';
import { toWireLine } from './wire-line.js';
import { withStore } from './with-store.js';

interface ExportFlags extends StoreFlags {
  readonly after?: string;
  readonly out?: string;
  readonly json?: boolean;
}

/** Deltas fetched per round trip; large enough to amortise latency, small enough to stream. */
const PAGE = 2000;
/** How long to wait for transactions that hold back the end of the feed before finishing without them. */
const HOLD_BACK_PATIENCE_MS = 10_000;

const HELP = `
Each line is one delta in the wire format (docs/design.md §1), exactly what
\`rhizome import\` and the emitDeltas mutation accept; lines carry no cursor.
The feed cursor of the last exported delta is printed on stderr at the end
(and when interrupted with Ctrl-C), so an export can be continued:

  $ rhizome export --out all.ndjson
  exported 5000 deltas in 0.40 s (12500 deltas/s); last cursor: <C>
  $ rhizome export --after <C> >> all.ndjson

The cursor is the same one \`deltas\` and \`deltaAdded\` use.`;

export const exportCommand = (): Command =>
  addStoreOptions(
    new Command('export')
      .description('write all deltas (or those after a cursor) in feed order as NDJSON')
      .option('--after <cursor>', 'start after this feed cursor (from a previous export or the deltas query)')
      .option('-o, --out <file>', 'write to this file instead of stdout')
      .option('--json', 'print the summary as one JSON object (on stdout with --out, else on stderr)'),
  )
    .addHelpText('after', HELP)
    .action((flags: ExportFlags) =>
      runCommand({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }, async (config) => {
        const { decodeCursor, encodeCursor } = await import('../store/feed-cursor.js');
        const after = flags.after === undefined ? null : decodeCursor(flags.after);
        await withStore(config, (store) => exportDeltas(store, after, flags, encodeCursor));
      }),
    );

async function exportDeltas(
  store: DeltaStore,
  after: FeedCursor | null,
  flags: ExportFlags,
  encodeCursor: (cursor: FeedCursor) => string,
): Promise<void> {
  const file = flags.out;
  const out = file ? await openForWriting(file) : process.stdout;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', interrupt);
  // A closed pipe (`rhizome export | head`) ends the export quietly; other write errors fail it.
  let failure: NodeJS.ErrnoException | undefined;
  out.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error;
  });

  const total = process.stderr.isTTY && after === null ? await store.count() : undefined;
  const progress = createProgress({ label: 'exporting', total });
  let cursor = after;
  let count = 0;
  let page = store.since(cursor, PAGE);
  let waited = 0;
  let heldBack = false;
  while (!interrupted && failure === undefined) {
    const entries = await page;
    const last = entries.at(-1);
    if (last === undefined) {
      // Deltas of a transaction that is still open elsewhere are held back from the feed
      // (docs/design.md §5.3); wait for it briefly, so "all deltas" includes what was committing.
      if (waited >= HOLD_BACK_PATIENCE_MS || !(await store.heldBack?.(cursor))) {
        heldBack = waited >= HOLD_BACK_PATIENCE_MS;
        break;
      }
      const pause = Math.min(500, 20 * 2 ** Math.floor(waited / 100));
      await delay(pause);
      waited += pause;
      page = store.since(cursor, PAGE);
      continue;
    }
    waited = 0;
    // Fetch the next page while this one is being written.
    page = store.since(last.cursor, PAGE);
    let chunk = '';
    for (const entry of entries) chunk += toWireLine(entry.delta);
    await written(out, chunk);
    cursor = last.cursor;
    count += entries.length;
    progress.update(count);
  }
  await page.catch(() => []);
  progress.stop();
  process.removeListener('SIGINT', interrupt);
  if (file && failure === undefined) {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }

  if (failure !== undefined && failure.code !== 'EPIPE') throw failure;
  const where = cursor === null ? 'no deltas after the start' : `last cursor: ${encodeCursor(cursor)}`;
  const label = interrupted ? 'interrupted: exported' : failure ? 'output closed: exported' : 'exported';
  const note = heldBack
    ? ' (more deltas are held back by a transaction still open; continue later with --after)'
    : '';
  if (flags.json) {
    const summary = {
      exported: count,
      lastCursor: cursor === null ? null : encodeCursor(cursor),
      seconds: Math.round(progress.elapsed() * 1000) / 1000,
      interrupted,
      outputClosed: failure !== undefined,
      heldBack,
    };
    (file ? process.stdout : process.stderr).write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stderr.write(`${summaryLine(label, count, progress.elapsed())}; ${where}${note}\n`);
  }
  if (interrupted) process.exitCode = 130;
}

/** Resolves once `chunk` is accepted (after 'drain' when the buffer is full), or the stream fails or closes. */
const written = (out: NodeJS.WritableStream, chunk: string): Promise<void> =>
  new Promise((resolve) => {
    if (out.write(chunk)) {
      resolve();
      return;
    }
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
  });

/** Opens first, so a bad path is reported before any database work. */
const openForWriting = (file: string): Promise<WriteStream> =>
  new Promise((resolve, reject) => {
    const stream = createWriteStream(file);
    stream.once('open', () => resolve(stream)).once('error', reject);
  });
