/**
 * `npm run bench:fanout`: how fast a commit on instance A reaches graphql-ws
 * subscribers on instance B, and what an idle socket costs B.
 *
 * B is the real app in a process of its own (bench/fanout-instance.ts), a
 * fresh one per mode; A is a store in this process committing deltas at a
 * steady rate, as A's engine does for a mutation. Latency runs from the moment
 * A's `append` returns (the commit is acknowledged) to the message arriving at
 * a raw WebSocket client in this process; the first seconds are warm-up.
 *
 * Each latency mode runs twice: once as users would (every subscriber sends
 * the same operation, so they form one cohort: one execution and one
 * serialisation per change), and once as the previous code path ran (each
 * subscriber's operation made distinct by a comment, so each runs alone:
 * one execution and one serialisation per subscriber). The idle mode opens
 * as many connections as the machine lets one process hold, against B and
 * against a plain graphql-ws server (graphql-ws/use/ws, default options).
 *
 * Modes (FANOUT_MODES, default all but `feed`):
 * - `deltaAdded`: every subscriber gets every delta (200 deltas/s → 200,000 messages/s);
 * - `personChanged`: every subscriber watches the one person every delta changes;
 * - `live`: `query @live` of the top of a list ordered by name; every delta renames a person to the top;
 * - `idle`: idle graphql-ws connections (connection_init acknowledged, nothing subscribed);
 * - `feed`: the deltaAdded case at the feed level, without GraphQL (bench/fanout-feed.ts).
 *
 * Env: DATABASE_URL (admin URL), FANOUT_SUBSCRIBERS (1000), FANOUT_RATE
 * (deltas/s, 200), BENCH_SECONDS (10), FANOUT_IDLE (100000: connections to
 * try; capped by B's open-file limit), FANOUT_MODES, FANOUT_NODE_ARGS (node flags for the
 * child processes, such as `--cpu-prof`).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import postgres from 'postgres';
import { WebSocket } from 'ws';
import type { Delta } from '../src/delta/delta.js';
import { createPostgresStore } from '../src/store/postgres-store.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../test/support/throwaway-cluster.js';
import { runFeedLevel } from './fanout-feed.js';

const sharedUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const subscribers = Number(process.env.FANOUT_SUBSCRIBERS ?? 1000);
const rate = Number(process.env.FANOUT_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const idleWanted = Number(process.env.FANOUT_IDLE ?? 100_000);
const modes = (process.env.FANOUT_MODES ?? 'deltaAdded,personChanged,live,idle').split(',');
/** Extra node flags for B and the client processes, e.g. FANOUT_NODE_ARGS=--cpu-prof to profile them. */
const nodeArgs = (process.env.FANOUT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const WARMUP_MS = 2000;
const DRAIN_MS = 15_000;
const TARGETS: Record<string, string> = {
  deltaAdded: 'p99 < 50 ms',
  personChanged: 'p99 < 50 ms',
  live: 'p99 < 100 ms',
};

type LatencyMode = 'deltaAdded' | 'personChanged' | 'live';
const person = (i: number) => `fan-${i}`;
/** Zero-padded, so a later delta's name sorts after every earlier one. */
const nameOf = (seq: number) => `s${String(seq).padStart(9, '0')}`;
const setName = (seq: number, target: string): Delta => ({
  id: `fan-delta-${seq}`,
  creator: 'bench',
  host: 'bench-a',
  timeCreated: Date.now(),
  pointers: [
    { localContext: 'person', target: { id: target }, targetContext: 'name' },
    { localContext: 'name', target: nameOf(seq) },
  ],
});

interface Stats {
  heap: number;
  rss: number;
  subscriptions: number;
  sockets: number;
  cohorts: number;
  fdLimit: number;
}

interface Child {
  url: string;
  mem(): Promise<Stats>;
  stop(): Promise<void>;
}

/** A child that prints one JSON line per answer; it ends when its stdin closes. */
async function startChild(
  args: string[],
): Promise<{ child: ChildProcessByStdio<Writable, Readable, null>; first: unknown; next(): Promise<any> }> {
  const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, '--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const kill = async () => void child.kill('SIGTERM');
  cleanups.add(kill);
  child.once('exit', () => cleanups.delete(kill));
  const pending: ((message: unknown) => void)[] = [];
  const early: unknown[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    const waiter = pending.shift();
    if (waiter) waiter(message);
    else early.push(message);
  });
  const next = () =>
    early.length > 0 ? Promise.resolve(early.shift()) : new Promise<any>((resolve) => pending.push(resolve));
  return { child, first: await next(), next };
}

async function startInstance(databaseUrl: string, kind: 'rhizome' | 'plain'): Promise<Child> {
  const { child, first, next } = await startChild(['bench/fanout-instance.ts', databaseUrl, kind]);
  return {
    url: (first as { url: string }).url,
    mem: () => {
      child.stdin.write('mem\n');
      return next();
    },
    stop: () =>
      new Promise((resolve) => {
        // A B still working through a backlog for sockets already gone gets a while, then SIGTERM
        // (it exits at once, writing any --cpu-prof), then SIGKILL.
        let kill: NodeJS.Timeout | undefined;
        const timer = setTimeout(() => {
          progress(`${kind} instance still busy ${STOP_GRACE_MS / 1000} s after its clients left: killed`);
          child.kill('SIGTERM');
          kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        }, STOP_GRACE_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          clearTimeout(kill);
          resolve();
        });
        child.stdin.end();
      }),
  };
}
const STOP_GRACE_MS = 20_000;

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

const queryFor = (mode: LatencyMode, distinct: number | null) => {
  const tag = distinct === null ? '' : ` # subscriber ${distinct}`;
  if (mode === 'deltaAdded') return `subscription { deltaAdded { node { id } } }${tag}`;
  if (mode === 'personChanged') return `subscription { personChanged(id: "${person(0)}") { name } }${tag}`;
  return `query @live { people(first: 1, orderBy: { field: name, direction: DESC }) { nodes { name } } }${tag}`;
};

/** Opens raw graphql-transport-ws sockets that subscribe and hand each `next` text to `onText`. */
async function openSubscribers(
  url: string,
  count: number,
  query: (i: number) => string,
  onText: (i: number, text: string) => void,
) {
  const sockets: WebSocket[] = [];
  let closedEarly = 0;
  const openOne = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      sockets.push(socket);
      socket.once('error', reject);
      socket.once('open', () => socket.send('{"type":"connection_init"}'));
      socket.once('close', () => closedEarly++);
      socket.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('{"type":"connection_ack"')) {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: query(i) } }));
          resolve();
        } else onText(i, text);
      });
    });
  // A hundred handshakes at a time: the server's accept backlog is finite.
  for (let i = 0; i < count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, k) => openOne(i + k)));
  }
  return {
    closedEarly: () => closedEarly,
    close: () => {
      for (const socket of sockets) socket.terminate();
    },
  };
}

const SEQ = /(?:fan-delta-|"s)(\d+)/;
const ratio = (before: string, now: string) =>
  Number.isNaN(Number(before)) || Number.isNaN(Number(now))
    ? 'n/a'
    : `${(Number(before) / Number(now)).toFixed(1)}×`;
const progress = (message: string) => console.error(`  … ${message}`);

/** What must end even when the bench is interrupted: child processes, the private cluster. */
const cleanups = new Set<() => Promise<unknown>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
    process.exit(130);
  });
}

async function runLatency(
  mode: LatencyMode,
  distinct: boolean,
  b: Child,
  store: ReturnType<typeof createPostgresStore>,
  firstSeq: number,
) {
  const commitAt = new Map<number, number>();
  const latencies: number[] = [];
  let measuringFrom = Number.POSITIVE_INFINITY;
  let delivered = 0;
  let errors = 0;
  // personChanged and live show states, not deltas: a state whose name is write s stands for every write up to s
  // (a write that commits after a later-stamped one changes nothing under lastWriteWins, so it has no state of
  // its own). Per subscriber: the highest write seen so far.
  const seen = new Array<number>(subscribers).fill(firstSeq - 1);
  const record = (seq: number, now: number) => {
    const committed = commitAt.get(seq);
    if (committed !== undefined && committed >= measuringFrom) latencies.push(now - committed);
  };
  const onText = (i: number, text: string) => {
    if (!text.includes('"next"')) {
      errors++;
      return;
    }
    const match = SEQ.exec(text);
    if (!match) return; // the live query's first result, before any write of this mode
    const seq = Number(match[1]);
    const now = performance.now();
    if (mode === 'deltaAdded') {
      delivered++;
      record(seq, now);
      return;
    }
    for (let s = (seen[i] as number) + 1; s <= seq; s++) {
      delivered++;
      record(s, now);
    }
    seen[i] = Math.max(seen[i] as number, seq);
  };

  const before = await b.mem();
  const clients = await openSubscribers(
    b.url,
    subscribers,
    (i) => queryFor(mode, distinct ? i : null),
    onText,
  );
  let ready = await b.mem();
  const readyBy = performance.now() + 60_000;
  while (ready.subscriptions - before.subscriptions < subscribers) {
    if (performance.now() > readyBy)
      throw new Error(
        `${mode}: only ${ready.subscriptions - before.subscriptions} of ${subscribers} subscriptions started`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
    ready = await b.mem();
  }
  progress(`${mode}${distinct ? ' (one execution each)' : ''}: ${subscribers} subscribed, writing`);

  const total = rate * seconds;
  const started = performance.now();
  measuringFrom = started + WARMUP_MS;
  const writes: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const seq = firstSeq + n;
    const target = mode === 'personChanged' ? person(0) : person(seq % subscribers);
    writes.push(store.append([setName(seq, target)]).then(() => void commitAt.set(seq, performance.now())));
  }
  await Promise.all(writes);
  progress(
    `${mode}: ${total} deltas committed in ${((performance.now() - started) / 1000).toFixed(1)} s; ${delivered} delivered so far`,
  );
  const expected = total * subscribers;
  const deadline = performance.now() + DRAIN_MS;
  while (delivered < expected && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const closedEarly = clients.closedEarly();
  clients.close();
  progress(`${mode}: ${delivered} of ${expected} delivered; sockets closed`);

  latencies.sort((x, y) => x - y);
  // Nothing measured: every message that arrived in time was for a delta of the warm-up.
  const ms = (value: number) => (Number.isNaN(value) ? 'none in time' : value.toFixed(1));
  return {
    mode: `${mode} ×${subscribers}`,
    path: distinct ? 'one execution per subscriber (before)' : 'cohort (now)',
    'deltas/s': rate,
    delivered: `${delivered}/${expected}`,
    'p50 ms': ms(percentile(latencies, 50)),
    'p99 ms': ms(percentile(latencies, 99)),
    'max ms': ms(latencies.at(-1) ?? Number.NaN),
    'messages/s delivered': Math.round(delivered / ((performance.now() - started) / 1000)),
    target: distinct ? '' : (TARGETS[mode] ?? ''),
    note: [
      errors > 0 ? `${errors} error messages` : '',
      closedEarly > 0 ? `${closedEarly} sockets closed by B` : '',
    ]
      .filter(Boolean)
      .join('; '),
  };
}

/** Idle connections from client processes of their own, spread over several source addresses. */
async function runIdle(kind: 'rhizome' | 'plain', databaseUrl: string) {
  const server = await startInstance(databaseUrl, kind);
  const clients: Awaited<ReturnType<typeof startChild>>[] = [];
  try {
    const before = await server.mem();
    // B needs one descriptor per socket, plus its own (database, listeners): keep 200 spare.
    const wanted = Math.min(idleWanted, before.fdLimit - 200);
    const PER_PROCESS = 9000;
    const processes = Math.ceil(wanted / PER_PROCESS);
    const wsUrl = server.url.replace(/^http/, 'ws');
    const reports = [];
    // One process at a time: handshakes of several at once only fight over the two cores.
    for (let p = 0; p < processes; p++) {
      const count = Math.min(PER_PROCESS, wanted - p * PER_PROCESS);
      const started = await startChild([
        'bench/fanout-idle-clients.ts',
        wsUrl,
        String(count),
        `127.0.0.${p + 1}`,
      ]);
      clients.push(started);
      reports.push(started.first as { held: number; failed: number; firstError?: string });
    }
    const held = reports.reduce((sum, r) => sum + r.held, 0);
    const failed = reports.reduce((sum, r) => sum + r.failed, 0);
    const firstError = reports.find((r) => r.firstError)?.firstError;
    const after = await server.mem();
    const limitedBy =
      wanted < idleWanted
        ? `open-file limit ${before.fdLimit} of one process (hard limit; this container cannot raise it)`
        : '';
    return {
      kind,
      wanted: idleWanted,
      tried: wanted,
      held,
      openOnServer: after.sockets,
      'heap/socket KiB': ((after.heap - before.heap) / held / 1024).toFixed(2),
      'rss/socket KiB': ((after.rss - before.rss) / held / 1024).toFixed(2),
      note: [limitedBy, failed > 0 ? `${failed} failed (${firstError})` : ''].filter(Boolean).join('; '),
    };
  } finally {
    for (const { child } of clients) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    }
    await server.stop();
  }
}

/**
 * A Postgres of the bench's own unless BENCH_SHARED_PG=1: the feed reads only rows below the
 * cluster-wide snapshot horizon (docs/design.md §5), so on a server other sessions use, their
 * open transactions would add their length to every latency measured here.
 */
async function database(): Promise<{ adminUrl: string; cluster?: ThrowawayCluster }> {
  if (process.env.BENCH_SHARED_PG === '1') return { adminUrl: sharedUrl };
  try {
    const cluster = await startThrowawayCluster();
    return { adminUrl: cluster.url, cluster };
  } catch (error) {
    console.warn(`no private Postgres (${(error as Error).message}); using ${sharedUrl}`);
    return { adminUrl: sharedUrl };
  }
}

async function main() {
  const { adminUrl, cluster } = await database();
  if (cluster) cleanups.add(() => cluster.stop());
  try {
    await measure(adminUrl);
  } finally {
    await cluster?.stop();
  }
  console.log(cluster ? 'database: a private throwaway cluster' : `database: ${sharedUrl} (shared)`);
}

async function measure(adminUrl: string) {
  const name = `bench_fanout_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const databaseUrl = parsed.toString();
  const store = createPostgresStore({ url: databaseUrl, maxConnections: 10 });
  await store.migrate();
  const latencyRows: Record<string, unknown>[] = [];
  const idleRows: Record<string, unknown>[] = [];
  try {
    // Every person exists before anyone subscribes (names sort below every write's).
    for (let i = 0; i < subscribers; i += 500) {
      const count = Math.min(500, subscribers - i);
      await store.append(
        Array.from({ length: count }, (_, k) => ({
          ...setName(-1 - (i + k), person(i + k)),
          pointers: [
            { localContext: 'person', target: { id: person(i + k) }, targetContext: 'name' },
            { localContext: 'name', target: 'init' },
          ],
        })),
      );
    }
    let seq = 0;
    for (const mode of modes) {
      if (mode === 'idle') {
        idleRows.push(await runIdle('rhizome', databaseUrl));
        idleRows.push(await runIdle('plain', databaseUrl));
        continue;
      }
      if (mode === 'feed') {
        latencyRows.push(
          await runFeedLevel({
            databaseUrl,
            writer: store,
            subscribers,
            rate,
            seconds,
            warmupMs: WARMUP_MS,
            delta: (s) => setName(s, person(s % subscribers)),
            firstSeq: seq,
          }),
        );
        seq += rate * seconds;
        continue;
      }
      for (const distinct of [false, true]) {
        const b = await startInstance(databaseUrl, 'rhizome');
        try {
          latencyRows.push(await runLatency(mode as LatencyMode, distinct, b, store, seq));
        } finally {
          await b.stop();
          progress(`${mode}: B stopped`);
        }
        seq += rate * seconds;
      }
    }
  } finally {
    await store.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  console.log(
    `fan-out: commit on A → graphql-ws subscribers on B (${seconds}s per mode at ${rate} deltas/s, first ${WARMUP_MS / 1000}s not counted)`,
  );
  if (latencyRows.length > 0) {
    console.table(latencyRows);
    for (let i = 0; i + 1 < latencyRows.length; i += 2) {
      const now = latencyRows[i] as { mode: string; 'p99 ms': string; path: string };
      const before = latencyRows[i + 1] as { 'p99 ms': string; path: string } | undefined;
      if (!before?.path.includes('before')) continue;
      console.log(
        `${now.mode}: p99 ${now['p99 ms']} ms with cohorts vs ${before['p99 ms']} ms one execution per subscriber (ratio ${ratio(before['p99 ms'], now['p99 ms'])})`,
      );
    }
  }
  if (idleRows.length > 0) {
    console.log('idle graphql-ws connections (target: < 20 KiB each; 100,000 held on one instance)');
    console.table(idleRows);
    const [rhizome, plain] = idleRows as { 'rss/socket KiB': string; 'heap/socket KiB': string }[];
    if (rhizome && plain)
      console.log(
        `memory per idle socket: Rhizome ${rhizome['heap/socket KiB']} KiB heap, ${rhizome['rss/socket KiB']} KiB RSS; plain graphql-ws ${plain['heap/socket KiB']} KiB heap, ${plain['rss/socket KiB']} KiB RSS (RSS ratio ${(Number(rhizome['rss/socket KiB']) / Number(plain['rss/socket KiB'])).toFixed(2)})`,
      );
  }
}

await main();
