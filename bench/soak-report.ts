/** The soak bench's summary (bench/soak.ts): RSS over time, errors by code, deltas lost or doubled, views. */

export interface RssSample {
  readonly atMs: number;
  readonly rssBytes: number;
  /** Live JS heap, from the server's /metrics (undefined when it did not answer). */
  readonly heapUsedBytes: number | undefined;
  readonly deltas: number;
  /** Deltas the Person projection had not folded in yet (undefined when the database did not answer). */
  readonly projectionBehind: number | undefined;
}

export interface SoakSummary {
  readonly minutes: number;
  readonly samples: readonly RssSample[];
  readonly warmupMs: number;
  readonly faults: readonly string[];
  readonly errors: readonly [string, number][];
  readonly serverLog: readonly [string, number][];
  readonly checks: readonly { name: string; value: number | string; ok: boolean }[];
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** A figure after warm-up: the baseline is the first sample after it; flat means max ≤ 1.1 × min. */
export function rssVerdict(
  samples: readonly RssSample[],
  warmupMs: number,
  figure: (sample: RssSample) => number | undefined = (sample) => sample.rssBytes,
) {
  const values = samples
    .filter((s) => s.atMs >= warmupMs)
    .map(figure)
    .filter((value): value is number => value !== undefined);
  if (values.length < 2) return undefined;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const first = values[0] as number;
  const last = values[values.length - 1] as number;
  // The sawtooth of garbage collection aside, does memory climb? Median of the last third over the first.
  const third = Math.max(1, Math.floor(values.length / 3));
  const trend = median(values.slice(-third)) / median(values.slice(0, third));
  return { min, max, first, last, trend, spread: max / min - 1, ratio: last / first, flat: max <= min * 1.1 };
}

export function printSummary(summary: SoakSummary): boolean {
  const lines: string[] = [];
  lines.push(`soak summary (${summary.minutes} min)`);
  lines.push(
    '  RSS of the server over time (t, MB, JS heap used MB, deltas written so far, Person projection behind by):',
  );
  const step = Math.max(1, Math.ceil(summary.samples.length / 40));
  summary.samples.forEach((s, i) => {
    if (i % step === 0 || i === summary.samples.length - 1) {
      const mark = s.atMs < summary.warmupMs ? ' (warm-up)' : '';
      lines.push(
        `    ${clock(s.atMs).padStart(6)}  ${mb(s.rssBytes).padStart(7)}  ` +
          `${(s.heapUsedBytes === undefined ? '?' : mb(s.heapUsedBytes)).padStart(7)}  ${String(s.deltas).padStart(7)}  ` +
          `${String(s.projectionBehind ?? '?').padStart(6)}${mark}`,
      );
    }
  });
  const rss = rssVerdict(summary.samples, summary.warmupMs);
  let ok = true;
  if (rss) {
    lines.push(
      `  RSS after warm-up (${clock(summary.warmupMs)}): baseline (first sample) ${mb(rss.first)} MB, ` +
        `last ${mb(rss.last)} MB, ratio last/baseline ${rss.ratio.toFixed(3)}; ` +
        `min ${mb(rss.min)}, max ${mb(rss.max)}, spread ${(rss.spread * 100).toFixed(1)}% ` +
        `(target ≤ 10%): ${rss.flat ? 'flat' : 'NOT FLAT'}; ` +
        `trend (median of the last third / the first third) ${rss.trend.toFixed(3)}`,
    );
    ok &&= rss.flat;
  } else lines.push('  RSS after warm-up: too few samples');
  const heap = rssVerdict(summary.samples, summary.warmupMs, (s) => s.heapUsedBytes);
  if (heap) {
    lines.push(
      `  JS heap used after warm-up: first ${mb(heap.first)} MB, last ${mb(heap.last)} MB, ` +
        `min ${mb(heap.min)}, max ${mb(heap.max)}, trend ${heap.trend.toFixed(3)} ` +
        '(RSS climbing while this stays level is V8 keeping collected pages, not a leak)',
    );
  }
  const behind = summary.samples.map((s) => s.projectionBehind ?? 0);
  lines.push(`  Person projection behind the feed: at most ${Math.max(0, ...behind)} deltas in a sample`);
  lines.push('  faults:');
  for (const fault of summary.faults) lines.push(`    ${fault}`);
  lines.push(`  client errors by code (${summary.errors.reduce((a, [, n]) => a + n, 0)} in all):`);
  if (summary.errors.length === 0) lines.push('    none');
  for (const [key, n] of summary.errors) lines.push(`    ${key}: ${n}`);
  lines.push('  server log lines at warn or above:');
  if (summary.serverLog.length === 0) lines.push('    none');
  for (const [key, n] of summary.serverLog.slice(0, 12)) lines.push(`    ${n} × ${key}`);
  lines.push('  checks:');
  for (const check of summary.checks) {
    lines.push(`    ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.value}`);
    ok &&= check.ok;
  }
  lines.push(`  verdict: ${ok ? 'PASS' : 'FAIL'}`);
  console.log(lines.join('\n'));
  return ok;
}
