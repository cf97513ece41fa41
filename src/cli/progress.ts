import { Presets, SingleBar } from 'cli-progress';

export interface ProgressOptions {
  /** Verb shown before the count, e.g. 'exported'. */
  readonly label: string;
  /**
   * What the bar measures against: a delta count (export) or bytes of the
   * input file (import). Absent when unknown, e.g. reading stdin.
   */
  readonly total?: number;
  /** Where the bar is drawn. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
}

export interface Progress {
  /** `done` deltas so far; `value` advances the bar when it measures something else (bytes). */
  update(done: number, value?: number): void;
  stop(): void;
  /** Seconds since the progress started. */
  elapsed(): number;
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal, so that
 * piped output and CI logs stay clean and stdout stays pure NDJSON.
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  if (!stream.isTTY) return { update: () => {}, stop: () => {}, elapsed };

  const known = options.total !== undefined && options.total > 0;
  const bar = new SingleBar(
    {
      stream,
      hideCursor: true,
      format: known
        ? `${options.label} {bar} {percentage}% | {done} deltas | {rate} deltas/s`
        : `${options.label} {done} deltas | {rate} deltas/s`,
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(known ? (options.total as number) : 1, 0, { done: 0, rate: 0 });
  return {
    update(done, value) {
      const rate = Math.round(done / Math.max(elapsed(), 0.001));
      bar.update(value ?? done, { done, rate });
    },
    stop: () => bar.stop(),
    elapsed,
  };
}

/** "exported 1000 deltas in 0.42 s (2381 deltas/s)" — the figure people compare. */
export const summaryLine = (label: string, count: number, seconds: number): string =>
  `${label} ${count} deltas in ${seconds.toFixed(2)} s (${Math.round(count / Math.max(seconds, 0.001))} deltas/s)`;
