/**
 * `npm run bench:api`: a warm `person(id)` read and a `createPerson` write,
 * 32 connections each, against Rhizome and against a baseline server over a
 * plain mutable table (bench/api-servers.ts), each server in its own process.
 * The same two operations run once more with JWT auth on (every request
 * carries a bearer token the server verifies), as a ratio to auth off.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { atEnd, endBench, spawnNode, stopChild } from './children.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const jwtSecret = `bench-secret-${process.pid}-of-at-least-32-bytes`;
const token = await new SignJWT({ roles: [] })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('bench')
  .setExpirationTime('2h')
  .sign(new TextEncoder().encode(jwtSecret));

type Headers = Record<string, string>;

function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function startServer(kind: string, databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  // `node --import tsx`, not `npx tsx`: the pid is the server's own, so stopping it cannot miss a grandchild.
  // stdin is a pipe the server watches: it stops when the bench goes, however the bench goes.
  const child = spawnNode(
    [
      ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'bench/api-servers.ts',
      kind,
      databaseUrl,
      jwtSecret,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) if (line.startsWith('http')) return { url: line.trim(), child };
  throw new Error(`${kind} server exited before printing its URL`);
}

async function post(url: string, query: string, headers: Headers) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: any };
}

async function load(url: string, query: string, headers: Headers) {
  const kinds = new Map<string, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url,
        connections,
        duration: seconds,
        // autocannon's 10 s default counts a slow answer on a loaded machine as an error; 30 s still catches a hang.
        timeout: 30,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
    run.on('reqError', (error: Error) => kinds.set(error.message, (kinds.get(error.message) ?? 0) + 1));
  });
  if (result.non2xx > 0 || result.errors > 0) {
    const detail = [...kinds].map(([message, count]) => `${count}× ${message}`).join(', ');
    throw new Error(
      `${result.non2xx} non-2xx responses, ${result.errors} errors (${detail}) from ${url} for ${query.slice(0, 40)}`,
    );
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const WRITE = `mutation { createPerson(input: { name: "Bench", age: 30 }) { id name age } }`;

/** Creates the person the reads fetch, and warms the server up with them (discarded). */
async function prepare(url: string, headers: Headers) {
  const created = await post(
    url,
    `mutation { createPerson(input: { name: "Ada", age: 36 }) { id } }`,
    headers,
  );
  const read = `{ person(id: "${created.data.createPerson.id as string}") { id name age } }`;
  await load(url, read, headers);
  return read;
}

async function measure(kind: string, databaseUrl: string) {
  const { url, child } = await startServer(kind, databaseUrl);
  try {
    const readQuery = await prepare(url, {});
    const read = await load(url, readQuery, {});
    const write = await load(url, WRITE, {});
    return { read, write };
  } finally {
    await stopChild(child);
  }
}

type Figures = { rps: number; p99: number };
const AUTH_ROUNDS = 2;

/**
 * Auth off and on, both servers up, runs interleaved (off, on, off, on …),
 * the best of each kept: load from elsewhere on the machine then hits both
 * alike, rather than whichever happened to run second.
 */
async function measureAuthCost(offUrl: string, onUrl: string) {
  const servers = [await startServer('rhizome', offUrl), await startServer('rhizome-jwt', onUrl)];
  try {
    const sides = await Promise.all(
      servers.map(async ({ url }, i) => {
        const headers: Headers = i === 1 ? { authorization: `Bearer ${token}` } : {};
        return { url, headers, read: await prepare(url, headers) };
      }),
    );
    const best = sides.map(() => ({
      read: undefined as Figures | undefined,
      write: undefined as Figures | undefined,
    }));
    const keep = (old: Figures | undefined, next: Figures) => (old && old.rps >= next.rps ? old : next);
    for (let round = 0; round < AUTH_ROUNDS; round++) {
      for (const [i, side] of sides.entries()) {
        const figures = best[i] as (typeof best)[number];
        figures.read = keep(figures.read, await load(side.url, side.read, side.headers));
        figures.write = keep(figures.write, await load(side.url, WRITE, side.headers));
      }
    }
    return {
      off: best[0] as Record<'read' | 'write', Figures>,
      on: best[1] as Record<'read' | 'write', Figures>,
    };
  } finally {
    for (const { child } of servers) await stopChild(child);
  }
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const names = {
  rhizome: `bench_api_rhizome_${process.pid}`,
  authOff: `bench_api_auth_off_${process.pid}`,
  authOn: `bench_api_auth_on_${process.pid}`,
  baseline: `bench_api_baseline_${process.pid}`,
};
atEnd(async () => {
  for (const name of Object.values(names))
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});
try {
  for (const name of Object.values(names)) await admin.unsafe(`CREATE DATABASE "${name}"`);
  const rhizome = await measure('rhizome', withDatabase(adminUrl, names.rhizome));
  const baseline = await measure('baseline', withDatabase(adminUrl, names.baseline));
  const auth = await measureAuthCost(
    withDatabase(adminUrl, names.authOff),
    withDatabase(adminUrl, names.authOn),
  );
  const row = (
    label: string,
    ours: { rps: number; p99: number },
    base: { rps: number; p99: number },
    target: number,
  ) =>
    `${label.padEnd(22)} ${ours.rps.toFixed(0).padStart(8)} req/s  p99 ${String(ours.p99).padStart(4)} ms   baseline ${base.rps.toFixed(0).padStart(8)} req/s  p99 ${String(base.p99).padStart(4)} ms   ratio ${(ours.rps / base.rps).toFixed(2)}x (target ≥ ${target}x)`;
  console.log(`bench:api — ${connections} connections, ${seconds} s each, servers in their own processes`);
  console.log(row('person(id) (warm)', rhizome.read, baseline.read, 1.0));
  console.log(row('createPerson', rhizome.write, baseline.write, 0.7));
  const authRow = (label: string, on: Figures, off: Figures) =>
    `${label.padEnd(22)} ${on.rps.toFixed(0).padStart(8)} req/s  p99 ${String(on.p99).padStart(4)} ms   auth off ${off.rps.toFixed(0).padStart(8)} req/s  p99 ${String(off.p99).padStart(4)} ms   ratio ${(on.rps / off.rps).toFixed(2)}x (target ≥ 0.9x)`;
  console.log(`auth on vs off: both servers up, ${AUTH_ROUNDS} interleaved rounds, best of each`);
  console.log(authRow('person(id) with JWT', auth.on.read, auth.off.read));
  console.log(authRow('createPerson with JWT', auth.on.write, auth.off.write));
} catch (error) {
  console.error(`bench:api failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await endBench();
}
