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
  readonly lastLine: number;
}

/**
 * Imports NDJSON lines into the store in batches, each batch one transaction:
 * a bad line stops the import before its batch is sent, so that batch stores
 * nothing, and every earlier batch is committed. Appends are idempotent, so
 * re-running a file (or its tail, with `skip`) after any interruption resumes
 * it. Parsing the next batch overlaps the database round trip of the last
 * one; only one append is ever in flight, which keeps "lines 1..N are stored"
 * true at every moment.
 */
export async function importDeltas(
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 1000;
  const skip = options.skip ?? 0;
  let progress: ImportProgress = { committedLines: skip, deltas: 0, inserted: 0 };
  let inFlight: Promise<void> = Promise.resolve();

  const send = async (batch: Batch): Promise<void> => {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await options.store.append(batch.deltas);
    } catch (error) {
      const first = progress.committedLines + 1;
      const reason = describeError(error);
      throw new ImportLineError(first, `batch of lines ${first}-${batch.lastLine} was refused: ${reason}`, {
        cause: error,
      });
    }
    const inserted = outcomes.reduce((n, outcome) => n + (outcome.inserted ? 1 : 0), 0);
    progress = {
      committedLines: batch.lastLine,
      deltas: progress.deltas + batch.deltas.length,
      inserted: progress.inserted + inserted,
    };
    options.onBatch?.(progress);
  };

  let lineNumber = 0;
  let deltas: Delta[] = [];
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (lineNumber <= skip) continue;
      if (line.trim() !== '') deltas.push(parseLine(line, lineNumber, options.parse));
      if (deltas.length >= batchSize) {
        await inFlight;
        if (options.stopped?.()) return { ...progress, stopped: true };
        inFlight = send({ deltas, lastLine: lineNumber });
        // Handled here so it is never "unhandled"; the rejection resurfaces at the next await.
        inFlight.catch(() => {});
        deltas = [];
      }
    }
    await inFlight;
  } catch (error) {
    // Let the batch in flight settle so progress is exact, and report the earliest failure.
    const earlier = await inFlight.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    throw earlier ?? error;
  }
  if (options.stopped?.()) return { ...progress, stopped: true };
  if (deltas.length > 0) await send({ deltas, lastLine: lineNumber });
  else progress = { ...progress, committedLines: Math.max(progress.committedLines, lineNumber) };
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
