/**
 * `rhizome serve` for the soak bench (bench/soak.ts), in a process of its
 * own: its RSS read from /proc, its warn-and-above log lines counted by
 * message.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { spawnNode, stopChild } from './children.js';

const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function runSoakServer(databaseUrl: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = spawnNode(
    ['bin/rhizome.js', 'serve', '--database-url', databaseUrl, '--port', String(port), '--node-id', 'soak'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn', RHIZOME_HOST: '127.0.0.1', RHIZOME_RATE_LIMIT: '0' },
    },
  );
  let stopped = false;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    if (Number(entry.level) < 40) return;
    const err = entry.err?.message ? ` (${entry.err.message.slice(0, 80)})` : '';
    count(`${LEVELS[Number(entry.level)] ?? entry.level}: ${entry.msg}${err}`);
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (line.trim()) count(`stderr: ${line.slice(0, 100)}`);
  });

  const deadline = performance.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`rhizome serve exited with ${child.exitCode} before answering`);
    const answered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (answered) break;
    if (performance.now() > deadline) throw new Error('rhizome serve did not answer within 60 s');
    await delay(50);
  }

  return {
    url,
    async rssBytes(): Promise<number> {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
    },
    /**
     * Live JS heap (`nodejs_heap_size_used_bytes` on /metrics), to tell a leak (it climbs) from V8
     * keeping pages it has collected (RSS climbs, it does not); undefined when /metrics does not answer.
     */
    async heapUsedBytes(): Promise<number | undefined> {
      const text = await fetch(new URL('/metrics', url)).then(
        (r) => (r.ok ? r.text() : ''),
        () => '',
      );
      const match = /^nodejs_heap_size_used_bytes (\d+)/m.exec(text);
      return match ? Number(match[1]) : undefined;
    },
    logCounts: () => [...counts].sort((a, b) => b[1] - a[1]),
    /** Whether the server died before the bench stopped it. */
    exitedEarly: () => exited && !stopped,
    async stop() {
      stopped = !exited;
      await stopChild(child, 15_000);
    },
  };
}
