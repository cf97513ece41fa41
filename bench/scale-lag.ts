/**
 * Projection lag for `bench/scale.ts`: from a write's commit to the projection
 * covering it. The projection maintainer sends `NOTIFY rhizome_projection,
 * '<txid>:<position>'` (its new checkpoint) after each batch it commits; we
 * LISTEN, write at a steady rate through Rhizome's GraphQL (`emitDeltas`, one
 * delta per request, explicit ids), take the commit time when the response
 * arrives, look each delta's `(txid, position)` up by id, and measure until the
 * first NOTIFY whose checkpoint is at or past it. The first second is warm-up.
 */
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

export interface LagOptions {
  readonly url: string;
  readonly databaseUrl: string;
  readonly rate: number;
  readonly seconds: number;
  /**
   * People that exist: each write adds a line to one of them's `bio`, a change the bench's lists do not
   * show, so that a reused database (BENCH_DATABASE) still answers them as the baseline's fresh table does.
   */
  readonly people: number;
}

export interface LagResult {
  readonly notices: number;
  readonly measured: number;
  /** Measured writes no NOTIFY covered within the grace period (counted as infinite lag). */
  readonly uncovered: number;
  readonly failedWrites: number;
  /** Failed writes by reason. */
  readonly failures: ReadonlyMap<string, number>;
  /** Deltas/s actually sent; below the asked rate when this process could not keep up. */
  readonly sentRate: number;
  readonly p50: number;
  readonly p99: number;
}

interface Checkpoint {
  readonly txid: bigint;
  readonly position: bigint;
}

const CHANNEL = 'rhizome_projection';
const WARMUP_MS = 1000;
const GRACE_MS = 5000;

const atOrPast = (a: Checkpoint, b: Checkpoint) =>
  a.txid > b.txid || (a.txid === b.txid && a.position >= b.position);

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const EMIT = `mutation ($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`;

/** Why writes failed, counted by reason (the error code, or the HTTP status). */
const failures = new Map<string, number>();
const failed = (reason: string) => failures.set(reason, (failures.get(reason) ?? 0) + 1);

async function emit(url: string, id: string, person: string, line: string): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: EMIT,
      variables: {
        deltas: [
          {
            id,
            pointers: [
              { localContext: 'person', entity: person, targetContext: 'bio' },
              { localContext: 'bio', value: line },
            ],
          },
        ],
      },
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    errors?: { extensions?: { code?: string } }[];
  };
  if (response.ok && !body.errors) return true;
  failed(body.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`);
  return false;
}

/** Undefined when no NOTIFY arrived at all: the server does not report projection progress. */
export async function measureLag(options: LagOptions): Promise<LagResult | undefined> {
  const sql = postgres(options.databaseUrl, { max: 2, onnotice: () => {} });
  const notices: Array<Checkpoint & { at: number }> = [];
  let awaited: Checkpoint | undefined;
  let onCovered = () => {};
  const listening = await sql.listen(CHANNEL, (payload) => {
    const match = /^(\d+):(\d+)$/.exec(payload);
    if (!match) return;
    const notice = { txid: BigInt(match[1] as string), position: BigInt(match[2] as string) };
    notices.push({ ...notice, at: performance.now() });
    if (awaited && atOrPast(notice, awaited)) onCovered();
  });
  try {
    const runId = Date.now().toString(36);
    const committedAt = new Map<string, number>();
    let failedWrites = 0;
    const total = options.rate * options.seconds;
    const started = performance.now();
    const writes: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const wait = started + (n * 1000) / options.rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const id = `lag-${runId}-${n}`;
      const sentAt = performance.now();
      writes.push(
        emit(options.url, id, `person-${n % options.people}`, `Lag ${n}`).then(
          (ok) => {
            if (!ok) failedWrites++;
            else if (sentAt >= started + WARMUP_MS) committedAt.set(id, performance.now());
          },
          (error: unknown) => {
            failedWrites++;
            failed(error instanceof Error ? error.message : String(error));
          },
        ),
      );
    }
    const sentRate = (total * 1000) / (performance.now() - started);
    await Promise.all(writes);
    if (notices.length === 0) return undefined;

    const rows = await sql<Array<{ id: string; txid: string; position: string }>>`
      SELECT id, txid::text AS txid, position::text AS position FROM deltas WHERE id = ANY(${[...committedAt.keys()]})`;
    const checkpoints = rows.map((row) => ({
      id: row.id,
      txid: BigInt(row.txid),
      position: BigInt(row.position),
    }));
    const last = checkpoints.reduce<Checkpoint | undefined>(
      (max, c) => (max === undefined || atOrPast(c, max) ? c : max),
      undefined,
    );
    if (last && !notices.some((notice) => atOrPast(notice, last))) {
      // Wait for the NOTIFY that covers the last write, or give up after the grace period.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, GRACE_MS);
        awaited = last;
        onCovered = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }

    const lags: number[] = [];
    for (const delta of checkpoints) {
      const covering = notices.find((notice) => atOrPast(notice, delta));
      const committed = committedAt.get(delta.id) as number;
      // A NOTIFY may beat the HTTP response that reports the commit: that is no lag at all.
      // One never covered counts as infinitely late, so it cannot flatter the percentiles.
      lags.push(covering ? Math.max(0, covering.at - committed) : Number.POSITIVE_INFINITY);
    }
    lags.sort((a, b) => a - b);
    return {
      notices: notices.length,
      measured: lags.length,
      uncovered: lags.filter((lag) => lag === Number.POSITIVE_INFINITY).length,
      failedWrites,
      failures: new Map(failures),
      sentRate,
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
    };
  } finally {
    await listening.unlisten();
    await sql.end();
  }
}
