/**
 * The two servers of `bench/scale.ts`, each in a process of its own: Rhizome
 * as a user runs it (`rhizome serve`), and the plain-table baseline
 * (bench/scale-baseline.ts). Starting one measures its cold start: the time
 * from spawn to the first answered list, polled from the moment of spawn.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { spawnNode, stopChild } from './children.js';

/** What Rhizome logs once a projection is built (pino JSON on stdout). */
export interface ProjectionBuilt {
  readonly projection: string;
  readonly deltas: number;
  readonly ms: number;
}

export interface BenchServer {
  readonly url: string;
  /** Spawn → first list answered without errors. */
  readonly coldStartMs: number;
  /** Resolves with the "projection built" lines seen, once one for Person arrives or after `timeoutMs`. */
  projectionsBuilt(timeoutMs: number): Promise<ProjectionBuilt[]>;
  /** VmRSS of the server process. */
  rssBytes(): Promise<number>;
  /**
   * Resolves once the server process uses under 10% of a core (or after
   * `timeoutMs`): a server still working off the requests of a finished load
   * would otherwise take CPU from the next measurement on these few cores.
   */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const POLL_MS = 10;
const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

const SETTLE_SAMPLE_MS = 250;
/** USER_HZ: what Linux counts CPU time in, in /proc; 100 on every common build. */
const CLOCK_TICKS = 100;

/** User + system CPU time of a process so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Posts a GraphQL query and parses the body (rejects while the server is not listening yet). */
export async function postQuery(url: string, query: string): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

async function pollFirstList(url: string, query: string, child: ChildProcess, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    const body = await postQuery(url, query).catch(() => undefined);
    if (body?.data && !body.errors) return;
    await delay(POLL_MS);
  }
  throw new Error(`no list answered within ${timeoutMs / 1000} s`);
}

/** pino's level field at warn (40) or above. */
const WARN_OR_WORSE = /"level":[4-6]\d/;

async function start(args: (port: number) => string[], firstQuery: string, timeoutMs: number) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const started = performance.now();
  const child = spawnNode(args(port), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'info', RHIZOME_HOST: '127.0.0.1', RHIZOME_RATE_LIMIT: '0' },
  });
  const built: ProjectionBuilt[] = [];
  let onBuilt = () => {};
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    // The server logs a line per request (thousands a second under load): parse only the lines read
    // here, or parsing them in this process, beside the load generator, takes CPU from both servers.
    if (!line.startsWith('{') || !(line.includes('"projection built"') || WARN_OR_WORSE.test(line))) return;
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry.msg === 'projection built') {
      built.push({
        projection: String(entry.projection),
        deltas: Number(entry.deltas),
        ms: Number(entry.ms),
      });
      onBuilt();
    } else if (Number(entry.level) >= 40) {
      const err = entry.err as { message?: string } | undefined;
      const level = LEVELS[Number(entry.level)] ?? entry.level;
      console.error(`server ${level}: ${String(entry.msg)}${err?.message ? ` (${err.message})` : ''}`);
    }
  });
  try {
    await pollFirstList(url, firstQuery, child, timeoutMs);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const coldStartMs = performance.now() - started;
  const server: BenchServer = {
    url,
    coldStartMs,
    async projectionsBuilt(waitMs) {
      const person = () => built.some((b) => /^(person|people)$/i.test(b.projection));
      if (!person()) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, waitMs);
          onBuilt = () => {
            if (person()) done();
          };
          child.once('exit', done);
        });
      }
      return [...built];
    },
    async rssBytes() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
      if (kb === undefined) throw new Error('no VmRSS in /proc status');
      return Number(kb) * 1024;
    },
    async settle(timeoutMs = 60_000) {
      const deadline = performance.now() + timeoutMs;
      let before = await cpuTicks(child.pid as number);
      while (performance.now() < deadline && child.exitCode === null) {
        await delay(SETTLE_SAMPLE_MS);
        const now = await cpuTicks(child.pid as number);
        if (((now - before) * 1000) / CLOCK_TICKS < 0.1 * SETTLE_SAMPLE_MS) return;
        before = now;
      }
    },
    stop: () => stopChild(child),
  };
  return server;
}

/** Rhizome's CLI, as `npx rhizome serve` runs it, on the bench database. */
export const startRhizome = (databaseUrl: string, firstQuery: string, timeoutMs: number) =>
  start(
    (port) => [
      'bin/rhizome.js',
      'serve',
      '--database-url',
      databaseUrl,
      '--port',
      String(port),
      '--node-id',
      'bench-scale',
    ],
    firstQuery,
    timeoutMs,
  );

export const startBaseline = (databaseUrl: string, firstQuery: string, timeoutMs: number) =>
  start(
    (port) => ['--import', 'tsx', 'bench/scale-baseline.ts', databaseUrl, String(port)],
    firstQuery,
    timeoutMs,
  );
