/**
 * Instance B of `bench/fanout.ts`, in a process of its own so that its memory
 * can be measured alone. Prints `{"url": …}` once listening; answers each
 * `mem` line on stdin with `{"heap": bytes, "rss": bytes, "subscriptions": n}`
 * after a full GC (run with --expose-gc); stops when stdin closes.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server/app.js';

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: fanout-instance.ts DATABASE_URL');
const app = createApp(
  // Fan-out opens a thousand sockets from one address: no rate limit, no connection cap.
  loadConfig({ port: 0, databaseUrl, logLevel: 'warn', nodeId: 'bench-b', rateLimit: 0, maxConnections: 0 }),
);
const { url } = await app.start();
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ url });

const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() !== 'mem') return;
    for (let i = 0; i < 3; i++) gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    say({ heap: heapUsed, rss, subscriptions: app.subscriptionsStarted(), gc: gc !== undefined });
  })
  .on('close', async () => {
    await app.stop();
    process.exit(0);
  });
