/**
 * `npm run bench:ops`: what the operations features cost a request. Two
 * Rhizome servers, each in its own process and database: one as shipped
 * (metrics, access log, request ids), one with `RHIZOME_METRICS=false` and
 * `RHIZOME_ACCESS_LOG=false` (request ids stay: they have no switch). Both up
 * at once, a warm `person(id)` and `createPerson` at 32 connections in
 * interleaved rounds (the order alternating), the best of each kept, as in
 * bench:api; besides req/s, each server process's CPU time per request, which
 * a machine loaded by other work disturbs less. Both log at
 * `warn` (bench/api-servers.ts), so the access log is formatted but not written.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { atEnd, endBench, spawnNode, stopChild } from './children.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = 4;
const connections = 32;
/** Throughput, tail latency, and the server process's CPU time per request (robust to a busy machine). */
type Figures = { rps: number; p99: number; cpuUs: number };

/** utime + stime of a process in microseconds, from /proc (clock ticks at 100 Hz on Linux). */
const cpuOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
};

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

async function startServer(databaseUrl: string, env: Record<string, string>) {
  const child: ChildProcess = spawnNode(['--import', 'tsx', 'bench/api-servers.ts', 'rhizome', databaseUrl], {
    stdio: ['pipe', 'pipe', 'inherit'], // stdin: api-servers.ts stops when it closes
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) if (line.startsWith('http')) return { url: line.trim(), child };
  throw new Error('server exited before printing its URL');
}

async function load(url: string, query: string, pid: number): Promise<Figures> {
  const cpuBefore = cpuOf(pid);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx responses, ${result.errors} errors`);
  const cpuUs = (cpuOf(pid) - cpuBefore) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p99: result.latency.p99, cpuUs };
}

const WRITE = `mutation { createPerson(input: { name: "Bench", age: 30 }) { id name age } }`;

async function prepare(url: string, pid: number) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { createPerson(input: { name: "Ada", age: 36 }) { id } }` }),
  });
  const created = (await response.json()) as { data: { createPerson: { id: string } } };
  const read = `{ person(id: "${created.data.createPerson.id}") { id name age } }`;
  await load(url, read, pid);
  return read;
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const names = [`bench_ops_on_${process.pid}`, `bench_ops_off_${process.pid}`];
atEnd(async () => {
  for (const name of names) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});
try {
  for (const name of names) await admin.unsafe(`CREATE DATABASE "${name}"`);
  const servers = [
    await startServer(withDatabase(adminUrl, names[0] as string), {}),
    await startServer(withDatabase(adminUrl, names[1] as string), {
      RHIZOME_METRICS: 'false',
      RHIZOME_ACCESS_LOG: 'false',
    }),
  ];
  const pids = servers.map(({ child }) => child.pid as number);
  const reads = [
    await prepare(servers[0]?.url ?? '', pids[0] as number),
    await prepare(servers[1]?.url ?? '', pids[1] as number),
  ];
  const best = servers.map(() => ({
    read: undefined as Figures | undefined,
    write: undefined as Figures | undefined,
  }));
  // Best throughput, and the least CPU per request seen in any round.
  const keep = (old: Figures | undefined, next: Figures): Figures =>
    old === undefined
      ? next
      : { ...(old.rps >= next.rps ? old : next), cpuUs: Math.min(old.cpuUs, next.cpuUs) };
  for (let round = 0; round < rounds; round++) {
    // Which server goes first alternates: the one measured first in a round came out slower in
    // trial runs whichever it was, so a fixed order would favour one side.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const server = servers[i] as (typeof servers)[number];
      const figures = best[i] as (typeof best)[number];
      figures.read = keep(figures.read, await load(server.url, reads[i] as string, pids[i] as number));
      figures.write = keep(figures.write, await load(server.url, WRITE, pids[i] as number));
    }
  }
  for (const { child } of servers) await stopChild(child);
  const row = (label: string, on: Figures, off: Figures) =>
    `${label.padEnd(18)} ${on.rps.toFixed(0).padStart(7)} req/s  p99 ${String(on.p99).padStart(4)} ms  ${on.cpuUs.toFixed(0).padStart(5)} µs CPU/req   features off ${off.rps.toFixed(0).padStart(7)} req/s  p99 ${String(off.p99).padStart(4)} ms  ${off.cpuUs.toFixed(0).padStart(5)} µs CPU/req   ratio ${(on.rps / off.rps).toFixed(2)}x req/s, ${(on.cpuUs / off.cpuUs).toFixed(2)}x CPU (target ≥ 0.95x req/s)`;
  console.log(
    `bench:ops — metrics and access log on vs off, ${connections} connections, ${seconds} s, ${rounds} interleaved rounds, best of each`,
  );
  const [on, off] = best as [Record<'read' | 'write', Figures>, Record<'read' | 'write', Figures>];
  console.log(row('person(id) (warm)', on.read, off.read));
  console.log(row('createPerson', on.write, off.write));
} catch (error) {
  console.error(`bench:ops failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await endBench();
}
