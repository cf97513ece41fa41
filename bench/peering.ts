import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import postgres from 'postgres';
import WebSocket from 'ws';
import { atEnd, buildCliBundle, endBench, spawnNode } from './children.js';

/**
 * `npm run bench:peering` (docs/design.md §7), every node a `rhizome serve`
 * process on a database of its own, created here and dropped afterwards:
 *
 * 1. baseline: `rhizome import` of N deltas into A (deltas/s);
 * 2. catch-up: B starts with `--peer A` and an empty database; deltas/s until
 *    B holds all N (target ≥ 20,000/s);
 * 3. live lag at 200 deltas/s, from just before A's `emitDeltas` request to
 *    the delta arriving on `deltaAdded` of B (one hop) and of C, which follows
 *    B (two hops): p50/p99 (target p99 < 100 ms).
 *
 *   DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_DELTAS  N (default 1000000)
 *   BENCH_LIVE_SECONDS  how long the live phase runs (default 10)
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const total = Number(process.env.BENCH_DELTAS ?? 1_000_000);
const liveSeconds = Number(process.env.BENCH_LIVE_SECONDS ?? 10);
const RATE = 200;
const people = Math.max(1, Math.floor(total / 10));

const deltaLine = (n: number): string => {
  const person = { id: `person:${n % people}` };
  const pointers =
    n % 2 === 0
      ? [
          { localContext: 'person', target: person, targetContext: 'name' },
          { localContext: 'name', target: `Person number ${n}` },
        ]
      : [
          { localContext: 'person', target: person, targetContext: 'age' },
          { localContext: 'age', target: 20 + (n % 60) },
        ];
  const id = `bench-${String(n).padStart(9, '0')}`;
  return `${JSON.stringify({ id, creator: 'bench', host: 'bench-origin', timeCreated: 1_700_000_000_000 + n, pointers })}\n`;
};

async function writeDeltas(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let start = 0; start < total; start += 10_000) {
    let text = '';
    for (let n = start; n < Math.min(total, start + 10_000); n += 1) text += deltaLine(n);
    if (!out.write(text)) await once(out, 'drain');
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
atEnd(() => admin.end());
async function database(label: string): Promise<string> {
  const name = `rhizome_bench_peer_${label}_${process.pid}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  atEnd(async () => void (await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const count = async (databaseUrl: string): Promise<number> => {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM deltas`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
};

async function run(args: string[]): Promise<void> {
  const child = spawnNode(['bin/rhizome.js', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`rhizome ${args[0]} exited with ${code}`);
}

/** `rhizome serve` on its own port and database; resolves with its ws URL once it listens. */
async function serve(
  nodeId: string,
  databaseUrl: string,
  peers: string[],
): Promise<{ http: string; ws: string }> {
  const port = await freePort();
  const args = [
    'bin/rhizome.js',
    'serve',
    '--port',
    String(port),
    '--database-url',
    databaseUrl,
    '--node-id',
    nodeId,
  ];
  for (const peer of peers) args.push('--peer', peer);
  const child = spawnNode(args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RHIZOME_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${nodeId} exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line.startsWith('GraphiQL:')) resolve();
    });
  });
  return { http: `http://127.0.0.1:${port}/graphql`, ws: `ws://127.0.0.1:${port}/graphql` };
}

/** Receipt times of deltas on a node's `deltaAdded`, by id. */
function watchArrivals(wsUrl: string) {
  const arrived = new Map<string, number>();
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false });
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  client.on('connected', () => setTimeout(listening, 200)); // the subscription is registered right after
  client.subscribe<{ deltaAdded: { node: { id: string } } }>(
    { query: 'subscription { deltaAdded { node { id } } }' },
    {
      next: (result) => {
        const id = result.data?.deltaAdded.node.id;
        if (id !== undefined) arrived.set(id, performance.now());
      },
      error: (error) => console.error('subscription failed', error),
      complete: () => undefined,
    },
  );
  return { arrived, ready, close: () => client.dispose() as Promise<void> };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'rhizome-bench-peering-'));
  atEnd(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'deltas.ndjson');
  await writeDeltas(file);
  const [dbA, dbB, dbC] = [await database('a'), await database('b'), await database('c')];

  console.log(`baseline: rhizome import of ${total} deltas into A`);
  let started = performance.now();
  await run(['import', file, '--database-url', dbA]);
  const importRate = total / ((performance.now() - started) / 1000);

  const a = await serve('node-a', dbA, []);
  const b = await serve('node-b', dbB, [a.ws]);
  started = performance.now();
  while ((await count(dbB)) < total) await new Promise((resolve) => setTimeout(resolve, 100));
  const catchUpSeconds = (performance.now() - started) / 1000;
  const catchUpRate = total / catchUpSeconds;

  const c = await serve('node-c', dbC, [b.ws]);
  while ((await count(dbC)) < total) await new Promise((resolve) => setTimeout(resolve, 200));
  const onA = watchArrivals(a.ws);
  const onB = watchArrivals(b.ws);
  const onC = watchArrivals(c.ws);
  await Promise.all([onA.ready, onB.ready, onC.ready]);
  const answered: number[] = [];

  const sent = new Map<string, number>();
  const liveTotal = RATE * liveSeconds;
  const inFlight: Promise<unknown>[] = [];
  const liveStart = performance.now();
  for (let i = 0; i < liveTotal; i += 1) {
    const due = liveStart + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = `live-${i}`;
    const delta = {
      id,
      timeCreated: Date.now(),
      pointers: [
        { localContext: 'person', entity: `live:${i % 50}`, targetContext: 'name' },
        { localContext: 'name', value: `L${i}` },
      ],
    };
    sent.set(id, performance.now());
    inFlight.push(
      fetch(a.http, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }',
          variables: { d: [delta] },
        }),
      }).then(async (response) => {
        await response.text();
        answered.push(performance.now() - (sent.get(id) as number));
      }),
    );
  }
  await Promise.all(inFlight);
  const deadline = performance.now() + 30_000;
  while ((onB.arrived.size < liveTotal || onC.arrived.size < liveTotal) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const lags = (arrived: Map<string, number>, from: Map<string, number> = sent) =>
    [...from]
      .flatMap(([id, at]) => {
        const seen = arrived.get(id);
        return seen === undefined ? [] : [seen - at];
      })
      .sort((x, y) => x - y);
  const hop0 = lags(onA.arrived);
  const hop1 = lags(onB.arrived);
  const hop2 = lags(onC.arrived);
  // Commit on A is when A's own feed hands the delta out: what peering adds, without A's request queue.
  const peer1 = lags(onB.arrived, onA.arrived);
  const peer2 = lags(onC.arrived, onA.arrived);
  // Before the servers stop: a socket they drop would be reported as an error.
  await Promise.all([onA, onB, onC].map((watch) => watch.close()));

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\nN = ${fmt(total)} deltas`);
  console.log(`rhizome import (baseline):   ${fmt(importRate)} deltas/s`);
  console.log(
    `catch-up B <- A:             ${fmt(catchUpRate)} deltas/s (${catchUpSeconds.toFixed(1)} s; target >= 20,000/s)`,
  );
  answered.sort((x, y) => x - y);
  console.log(
    `emitDeltas answered on A: p50 ${percentile(answered, 50).toFixed(1)} ms, p99 ${percentile(answered, 99).toFixed(1)} ms`,
  );
  for (const [label, hop] of [
    ['on A itself (its own feed)', hop0],
    ['A -> B (one hop)', hop1],
    ['A -> B -> C (two hops)', hop2],
  ] as const) {
    console.log(
      `from the emitDeltas request, ${label} at ${RATE}/s: p50 ${percentile(hop, 50).toFixed(1)} ms, p99 ${percentile(hop, 99).toFixed(1)} ms, ${hop.length}/${liveTotal} seen`,
    );
  }
  for (const [label, hop] of [
    ['A -> B (one hop)', peer1],
    ['A -> B -> C (two hops)', peer2],
  ] as const) {
    console.log(
      `live lag commit on A -> visible on ${label}: p50 ${percentile(hop, 50).toFixed(1)} ms, p99 ${percentile(hop, 99).toFixed(1)} ms (target p99 < 100 ms)`,
    );
  }
}

buildCliBundle();
try {
  await main();
} finally {
  await endBench();
}
