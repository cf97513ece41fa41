/**
 * One Rhizome node in a process of its own for the peering tests: the real
 * config from the environment (DATABASE_URL or RHIZOME_DATA_DIR, PORT, RHIZOME_HOST,
 * RHIZOME_NODE_ID, RHIZOME_PEERS), the repo's schema. Prints `{"url": …}`
 * once listening; stops cleanly on SIGTERM or when stdin closes.
 */
import { loadConfig } from '../../../src/config.js';
import { loadSchemaDir } from '../../../src/model/load-schema-dir.js';
import { createApp } from '../../../src/server/app.js';

const config = loadConfig({ logLevel: process.env.LOG_LEVEL ?? 'silent' });
const model = await loadSchemaDir(new URL('../../../schema', import.meta.url).pathname);
const app = createApp(config, { model });
const { url } = await app.start();
process.stdout.write(`${JSON.stringify({ url })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
