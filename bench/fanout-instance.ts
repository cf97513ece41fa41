/**
 * Instance B of `bench/fanout.ts`, in a process of its own so that its memory
 * can be measured alone. Prints `{"url": …}` once listening; answers each
 * `mem` line on stdin with `{"heap", "rss", "subscriptions", "sockets", "cohorts", "fdLimit"}`
 * after a full GC (run with --expose-gc); stops when stdin closes.
 *
 * With `plain` as the second argument it is instead a plain graphql-ws server
 * (graphql-ws/use/ws, a one-field schema, default options): the baseline for
 * what an idle socket costs.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server/app.js';

const [databaseUrl, kind = 'rhizome'] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: fanout-instance.ts DATABASE_URL [rhizome|plain]');

const fdLimit = Number(
  /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Number.NaN,
);

async function startRhizome() {
  const app = createApp(
    // Fan-out opens many sockets from a few addresses: no rate limit, no connection cap.
    loadConfig({
      port: 0,
      databaseUrl,
      logLevel: 'warn',
      nodeId: 'bench-b',
      rateLimit: 0,
      maxConnections: 0,
      // Thousands of upgrades at once on a loaded machine can outlast the slowloris timeouts.
      headersTimeoutMs: 120_000,
      requestTimeoutMs: 120_000,
    }),
  );
  const { url } = await app.start();
  return { url, stats: () => app.liveStats(), stop: () => app.stop() };
}

async function startPlain() {
  const server = createServer();
  const ws = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer({ schema: buildSchema('type Query { hello: String }') }, ws);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stats: () => ({ sockets: ws.clients.size, cohorts: 0, subscriptions: 0 }),
    stop: async () => {
      await disposable.dispose();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const instance = kind === 'plain' ? await startPlain() : await startRhizome();
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ url: instance.url });

// Killed while busy (see STOP_GRACE_MS in fanout.ts): exit as a normal end would, so a --cpu-prof is written.
process.once('SIGTERM', () => process.exit(143));
const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() !== 'mem') return;
    for (let i = 0; i < 3; i++) gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    say({ heap: heapUsed, rss, ...instance.stats(), fdLimit, gc: gc !== undefined });
  })
  .on('close', async () => {
    await instance.stop();
    process.exit(0);
  });
