/**
 * One Rhizome instance in a process of its own, for the multi-instance tests:
 * `node --import tsx instance-process.ts` with DATABASE_URL set. It prints
 * one JSON line `{"url": …}` once listening, then `{"subscriptions": n}`
 * whenever a subscription starts listening (so a test in another process can
 * wait for it), and stops cleanly on SIGTERM or when stdin closes.
 */
import { loadConfig } from '../../../src/config.js';
import { loadSchemaDir } from '../../../src/model/load-schema-dir.js';
import { createApp } from '../../../src/server/app.js';

const config = loadConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', nodeId: 'node-remote' });
const model = await loadSchemaDir(new URL('../../../schema', import.meta.url).pathname);
const app = createApp(config, { model });
const { url } = await app.start();
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ url });

let reported = 0;
const watch = setInterval(() => {
  const started = app.subscriptionsStarted();
  if (started !== reported) {
    reported = started;
    say({ subscriptions: started });
  }
}, 5);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  await app.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
