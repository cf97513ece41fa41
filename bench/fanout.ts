/**
 * `npm run bench:fanout`: how fast a commit on instance A reaches graphql-ws
 * subscribers on instance B, and what an idle subscriber costs B.
 *
 * B is the real app in a process of its own (bench/fanout-instance.ts); A is
 * a store in this process appending deltas at a steady rate, as A's engine
 * does for a mutation; 1,000 graphql-ws clients (one WebSocket each) in this
 * process subscribe on B. Latency runs from the moment A's `append` returns
 * (the commit is acknowledged) to the message arriving at the client; the
 * first seconds are warm-up and not counted.
 *
 * Modes: `personChanged` (subscriber i watches person i; each delta changes one
 * person, so B sends 200 messages/s), `deltaAdded` (every subscriber gets
 * every delta: 200,000 messages/s) and `feed` (the deltaAdded case at the
 * feed level, without GraphQL and WebSockets; see bench/fanout-feed.ts).
 *
 * Env: DATABASE_URL (admin URL, default the local server), FANOUT_SUBSCRIBERS
 * (1000), FANOUT_RATE (deltas/s, 200), BENCH_SECONDS (10), FANOUT_MODES
 * (`personChanged,deltaAdded,feed`).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { type Client, createClient } from 'graphql-ws';
import postgres from 'postgres';
import { WebSocket } from 'ws';
import type { Delta } from '../src/delta/delta.js';
import { createPostgresStore } from '../src/store/postgres-store.js';
import { runFeedLevel } from './fanout-feed.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const subscribers = Number(process.env.FANOUT_SUBSCRIBERS ?? 1000);
const rate = Number(process.env.FANOUT_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const modes = (process.env.FANOUT_MODES ?? 'personChanged,deltaAdded,feed').split(',');
const WARMUP_MS = 2000;

type Mode = 'personChanged' | 'deltaAdded' | 'feed';
const person = (i: number) => `fan-${i}`;
const setName = (seq: number): Delta => ({
  id: `fan-delta-${seq}`,
  creator: 'bench',
  host: 'bench-a',
  timeCreated: Date.now(),
  pointers: [
    { localContext: 'person', target: { id: person(seq % subscribers) }, targetContext: 'name' },
    { localContext: 'name', target: `s${seq}` },
  ],
});

interface InstanceB {
  url: string;
  mem(): Promise<{ heap: number; rss: number; subscriptions: number; gc: boolean }>;
  stop(): Promise<void>;
}

async function startB(databaseUrl: string): Promise<InstanceB> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/fanout-instance.ts', databaseUrl],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const pending: ((message: Awaited<ReturnType<InstanceB['mem']>>) => void)[] = [];
  let resolveUrl: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    if (message.url) resolveUrl(message.url);
    else pending.shift()?.(message);
  });
  return {
    url: await url,
    mem: () =>
      new Promise((resolve) => {
        pending.push(resolve);
        child.stdin.write('mem\n');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

async function run(
  mode: Mode,
  b: InstanceB,
  store: ReturnType<typeof createPostgresStore>,
  firstSeq: number,
) {
  const commitAt = new Map<number, number>();
  const latencies: number[] = [];
  let delivered = 0;
  let errors = 0;
  const onMessage = (seq: number) => {
    delivered += 1;
    const committed = commitAt.get(seq);
    if (committed !== undefined && committed >= measuringFrom) latencies.push(performance.now() - committed);
  };
  let measuringFrom = Number.POSITIVE_INFINITY;

  const before = await b.mem();
  const wsUrl = b.url.replace(/^http/, 'ws');
  const clients: Client[] = [];
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    clients.push(client);
    const query =
      mode === 'personChanged'
        ? `subscription { personChanged(id: "${person(i)}") { name } }`
        : 'subscription { deltaAdded { node { id } } }';
    client.subscribe<{
      personChanged?: { name: string };
      deltaAdded?: { node: { id: string } };
    }>(
      { query },
      {
        next: ({ data }) => {
          // `s<seq>` as the name, `fan-delta-<seq>` as the delta id.
          const text = data?.personChanged?.name.slice(1) ?? data?.deltaAdded?.node.id.slice(10);
          onMessage(Number(text));
        },
        // Clients disposed while B still has a backlog for them close abnormally; count, do not print.
        error: () => {
          errors += 1;
        },
        complete: () => {},
      },
    );
  }
  let idle = await b.mem();
  while (idle.subscriptions - before.subscriptions < subscribers) idle = await b.mem();
  const perSubscriber = (idle.heap - before.heap) / subscribers;
  const rssPerSubscriber = (idle.rss - before.rss) / subscribers;

  // Steady writes: one delta per tick, not waiting for the previous commit.
  const total = rate * seconds;
  const started = performance.now();
  measuringFrom = started + WARMUP_MS;
  const writes: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const seq = firstSeq + n;
    writes.push(store.append([setName(seq)]).then(() => void commitAt.set(seq, performance.now())));
  }
  await Promise.all(writes);
  const expected = mode === 'personChanged' ? total : total * subscribers;
  const deadline = performance.now() + 30_000;
  while (delivered < expected && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all(clients.map((client) => client.dispose()));

  latencies.sort((x, y) => x - y);
  if (errors > 0) console.warn(`${mode}: ${errors} subscriptions ended with an error`);
  return {
    mode,
    subscribers,
    'deltas/s': rate,
    'messages/s': mode === 'personChanged' ? rate : rate * subscribers,
    delivered: `${delivered}/${expected}`,
    'p50 ms': percentile(latencies, 50).toFixed(1),
    'p99 ms': percentile(latencies, 99).toFixed(1),
    'max ms': (latencies.at(-1) ?? Number.NaN).toFixed(1),
    'heap/idle sub KiB': (perSubscriber / 1024).toFixed(1),
    'rss/idle sub KiB': (rssPerSubscriber / 1024).toFixed(1),
  };
}

/** A fresh B per mode, so one mode's backlog or garbage does not weigh on the next one's figures. */
async function withInstanceB<T>(databaseUrl: string, work: (b: InstanceB) => Promise<T>): Promise<T> {
  const b = await startB(databaseUrl);
  try {
    return await work(b);
  } finally {
    await b.stop();
  }
}

async function main() {
  const name = `bench_fanout_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const databaseUrl = parsed.toString();
  const store = createPostgresStore({ url: databaseUrl, maxConnections: 10 });
  await store.migrate();
  const rows: Record<string, unknown>[] = [];
  try {
    // Every person exists before anyone subscribes, so each write is a change to exactly one of them.
    for (let i = 0; i < subscribers; i += 500) {
      const count = Math.min(500, subscribers - i);
      await store.append(
        Array.from({ length: count }, (_, k) => ({
          ...setName(-1 - (i + k)),
          pointers: [
            { localContext: 'person', target: { id: person(i + k) }, targetContext: 'name' },
            { localContext: 'name', target: 'start' },
          ],
        })),
      );
    }
    let seq = 0;
    for (const mode of modes as Mode[]) {
      rows.push(
        mode === 'feed'
          ? await runFeedLevel({
              databaseUrl,
              writer: store,
              subscribers,
              rate,
              seconds,
              warmupMs: WARMUP_MS,
              delta: setName,
              firstSeq: seq,
            })
          : await withInstanceB(databaseUrl, (b) => run(mode, b, store, seq)),
      );
      seq += rate * seconds;
    }
  } finally {
    await store.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  console.log(
    `fan-out: commit on A → graphql-ws subscribers on B (${seconds}s per mode, first ${WARMUP_MS / 1000}s not counted)`,
  );
  console.table(rows);
}

await main();
