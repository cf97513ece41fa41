import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { v7 } from 'uuid';
import { buildCliBundle } from './children.js';

/**
 * `npm run bench:import`: one million deltas through `rhizome import` into a
 * fresh Postgres database, created here and dropped afterwards.
 *
 *   DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_DELTAS  how many deltas (default 1000000)
 *   BENCH_CONCURRENCY  batches in flight, passed as --concurrency (default 1, the CLI's default)
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const total = Number(process.env.BENCH_DELTAS ?? 1_000_000);
const people = Math.max(1, Math.floor(total / 10));
const concurrency = process.env.BENCH_CONCURRENCY ?? '1';

/** Deltas shaped like real traffic: 2-3 pointers, entity references, strings, numbers. */
function deltaLine(n: number): string {
  const person = `person:${n % people}`;
  const pointers =
    n % 5 === 0
      ? [
          { localContext: 'employee', target: { id: person }, targetContext: 'employer' },
          { localContext: 'employer', target: { id: `company:${n % 997}` }, targetContext: 'employees' },
        ]
      : n % 5 === 1
        ? [
            { localContext: 'person', target: { id: person }, targetContext: 'age' },
            { localContext: 'age', target: 20 + (n % 60) },
          ]
        : [
            { localContext: 'person', target: { id: person }, targetContext: 'name' },
            { localContext: 'name', target: `Person number ${n}` },
            { localContext: 'source', target: 'bench' },
          ];
  const delta = {
    id: v7(),
    creator: 'bench',
    host: 'bench-node',
    timeCreated: 1_700_000_000_000 + n,
    pointers,
  };
  return `${JSON.stringify(delta)}\n`;
}

async function writeDeltas(file: string): Promise<void> {
  const out = createWriteStream(file);
  const chunk = 10_000;
  for (let start = 0; start < total; start += chunk) {
    let text = '';
    for (let n = start; n < Math.min(total, start + chunk); n += 1) text += deltaLine(n);
    if (!out.write(text)) await once(out, 'drain');
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const runImport = (file: string, databaseUrl: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bin/rhizome.js', 'import', file, '--database-url', databaseUrl, '--concurrency', concurrency],
      {
        stdio: 'inherit',
      },
    );
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });

const dir = await mkdtemp(join(tmpdir(), 'rhizome-bench-'));
const file = join(dir, 'deltas.ndjson');
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const name = `rhizome_bench_${process.pid}_${Date.now()}`;
const benchUrl = new URL(serverUrl);
benchUrl.pathname = `/${name}`;
buildCliBundle();
try {
  let started = performance.now();
  await writeDeltas(file);
  const size = (await stat(file)).size;
  const seconds = (performance.now() - started) / 1000;
  console.log(`generated ${total} deltas (${(size / 1e6).toFixed(0)} MB NDJSON) in ${seconds.toFixed(1)} s`);

  await admin.unsafe(`CREATE DATABASE ${name}`);
  console.log(
    `importing into ${benchUrl.host}${benchUrl.pathname}: rhizome import --concurrency ${concurrency}`,
  );
  started = performance.now();
  const code = await runImport(file, benchUrl.toString());
  const wall = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`rhizome import exited with ${code}`);
  const check = postgres(benchUrl.toString(), { max: 1 });
  const [row] = await check`SELECT count(*)::int AS n FROM deltas`;
  await check.end();
  console.log(
    `wall clock including process start: ${wall.toFixed(1)} s, ${Math.round(total / wall)} deltas/s; stored ${row?.n}`,
  );
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
}
