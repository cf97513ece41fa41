import type { Delta } from '../delta/delta.js';
import type { AppendOutcome, DeltaStore } from '../store/delta-store.js';
import { describeError } from './describe-error.js';

/** A line that cannot be imported; `line` is 1-based, as editors count. */
export class ImportLineError extends Error {
  readonly line: number;
  constructor(line: number, message: string, options?: { cause?: unknown }) {
    super(`line ${line}: ${message}`, options);
    this.name = 'ImportLineError';
    this.line = line;
  }
}

export interface ImportOptions {
  readonly store: Pick<DeltaStore, 'append'>;
  /** Turns one parsed JSON value into a delta, throwing a one-line message when it is not one. */
  readonly parse: (value: unknown) => Delta;
  /** Deltas per `store.append` (one transaction each). @default 1000 */
  readonly batchSize?: number;
  /**
   * Batches in flight at once. Above 1 the load is faster, but batches may
   * commit out of file order, so the feed order of the import differs from
   * the file's (views do not depend on it). @default 1
   */
  readonly concurrency?: number;
  /** Lines at the start to pass over unread, to resume a large file cheaply. @default 0 */
  readonly skip?: number;
  /** Called after each stored batch. */
  readonly onBatch?: (progress: ImportProgress) => void;
  /** Checked between batches; when it returns true the import stops cleanly. */
  readonly stopped?: () => boolean;
}

export interface ImportProgress {
  /** Lines 1..committedLines are stored (or were skipped): a re-run may `--skip` this many. */
  readonly committedLines: number;
  readonly deltas: number;
  /** Deltas that were not already stored. */
  readonly inserted: number;
}

export interface ImportResult extends ImportProgress {
  readonly stopped: boolean;
}

interface Batch {
  readonly deltas: Delta[];
  readonly firstLine: number;
  lastLine: number;
}

/**
 * Imports NDJSON lines into the store in batches, each batch one transaction:
 * a bad line stops the import before its batch is sent, so that batch stores
 * nothing. Appends are idempotent, so re-running a file (or its tail, with
 * `skip`) after any interruption resumes it.
 *
 * Parsing overlaps the database: up to `concurrency` batches are in flight
 * while the next is parsed. Batches are accounted strictly in file order, so
 * `committedLines` only ever names a prefix of the file that is all stored,
 * even when a later batch happens to commit before an earlier one.
 */
export async function importDeltas(
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 1000;
  const skip = options.skip ?? 0;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let progress: ImportProgress = { committedLines: skip, deltas: 0, inserted: 0 };
  // In file order; each settles to its outcomes or to the error it met.
  const inFlight: Array<{ batch: Batch; result: Promise<AppendOutcome[] | ImportLineError> }> = [];

  let refused = false;
  const send = (batch: Batch) => {
    const firstLine = batch.firstLine;
    const result = options.store.append(batch.deltas).catch((error: unknown) => {
      const reason = describeError(error);
      return new ImportLineError(
        firstLine,
        `batch of lines ${firstLine}-${batch.lastLine} was refused: ${reason}`,
        {
          cause: error,
        },
      );
    });
    inFlight.push({ batch, result });
  };

  /** Waits for the oldest batch and moves the stored prefix past it. */
  const settleOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (oldest === undefined) return;
    const outcomes = await oldest.result;
    if (outcomes instanceof ImportLineError) {
      refused = true;
      throw outcomes;
    }
    progress = {
      committedLines: oldest.batch.lastLine,
      deltas: progress.deltas + oldest.batch.deltas.length,
      inserted: progress.inserted + outcomes.reduce((n, outcome) => n + (outcome.inserted ? 1 : 0), 0),
    };
    options.onBatch?.(progress);
  };
  const settleAll = async () => {
    while (inFlight.length > 0) await settleOldest();
  };

  let lineNumber = skip;
  let batch: Batch = { deltas: [], firstLine: skip + 1, lastLine: skip };
  try {
    let skipped = 0;
    for await (const line of lines) {
      if (skipped < skip) {
        skipped += 1;
        continue;
      }
      lineNumber += 1;
      if (line.trim() !== '') batch.deltas.push(parseLine(line, lineNumber, options.parse));
      batch.lastLine = lineNumber;
      if (batch.deltas.length >= batchSize) {
        if (inFlight.length >= concurrency) await settleOldest();
        if (options.stopped?.()) {
          await settleAll();
          return { ...progress, stopped: true };
        }
        send(batch);
        batch = { deltas: [], firstLine: lineNumber + 1, lastLine: lineNumber };
      }
    }
    await settleAll();
  } catch (error) {
    // A bad line: the batches before it still count, and the first of them to fail is the news.
    // A refused batch: the ones after it may have committed, but the stored prefix ends before it.
    const failure = refused
      ? error
      : await settleAll().then(
          () => error,
          (first: unknown) => first,
        );
    await Promise.all(inFlight.splice(0).map((entry) => entry.result));
    throw failure;
  }
  if (options.stopped?.()) return { ...progress, stopped: true };
  if (batch.deltas.length > 0) {
    send(batch);
    await settleAll();
  }
  progress = { ...progress, committedLines: Math.max(progress.committedLines, lineNumber) };
  return { ...progress, stopped: false };
}

function parseLine(line: string, lineNumber: number, parse: (value: unknown) => Delta): Delta {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ImportLineError(lineNumber, `not valid JSON (${(error as Error).message})`);
  }
  try {
    return parse(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportLineError(lineNumber, message.split('\n')[0] ?? message, { cause: error });
  }
}
