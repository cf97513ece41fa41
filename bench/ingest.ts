/**
 * Ingest benchmark: `DeltaStore.append` (postgres.js backend) in batches of 1
 * and of 1,000, against the same rows inserted by a plain postgres.js
 * multi-row INSERT into a bare table with no keys or indexes.
 *
 *   npm run bench:ingest            # DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
 *
 * Creates and drops a database of its own. Targets (issue 2): batched append
 * ≥ 30,000 deltas/s and ≥ 0.5× the bare insert.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
import type { Delta } from '../src/delta/delta.js';
import { createPostgresStore } from '../src/store/postgres-store.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = 3;
const BIG_BATCH = 1_000;
const BIG_BATCHES_PER_ROUND = 40;
const SINGLES_PER_ROUND = 1_000;

let serial = 0;
/** Realistic deltas: a property set (entity + primitive) or a relation between two entities. */
const makeDelta = (): Delta => {
  const i = serial++;
  const person = { id: `person:${i % 5_000}` };
  return {
    id: uuidv7(), // what the server assigns when a client omits the id
    creator: 'bench',
    host: 'node-a',
    timeCreated: 1_764_000_000_000 + i,
    pointers:
      i % 3 === 0
        ? [
            { localContext: 'employee', target: person, targetContext: 'employer' },
            { localContext: 'employer', target: { id: `company:${i % 100}` }, targetContext: 'employees' },
          ]
        : [
            { localContext: 'person', target: person, targetContext: 'name' },
            { localContext: 'name', target: `Person number ${i}` },
          ],
  };
};
const batches = (count: number, size: number) =>
  Array.from({ length: count }, () => Array.from({ length: size }, makeDelta));

/**
 * Times bare insert and append batch by batch, alternating, so that load from
 * anything else on the machine falls on both sides alike. Returns deltas/s.
 */
const paired = async (
  groups: readonly Delta[][],
  bare: (rows: readonly Delta[]) => Promise<unknown>,
  append: (rows: readonly Delta[]) => Promise<unknown>,
) => {
  let bareMs = 0;
  let appendMs = 0;
  let count = 0;
  for (const group of groups) {
    const t0 = performance.now();
    await bare(group);
    const t1 = performance.now();
    await append(group);
    appendMs += performance.now() - t1;
    bareMs += t1 - t0;
    count += group.length;
  }
  return { bare: count / (bareMs / 1_000), append: count / (appendMs / 1_000) };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (value: number) => Math.round(value).toLocaleString('en-US').padStart(9);

const main = async () => {
  const dbName = `bench_ingest_${randomUUID().replaceAll('-', '')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const store = createPostgresStore({ url, maxConnections: 1 });
  try {
    await store.migrate();
    await sql`CREATE TABLE bare_deltas (id text, creator text, host text, time_created bigint, pointers jsonb)`;
    const bareInsert = (rows: readonly Delta[]) =>
      sql`INSERT INTO bare_deltas ${sql(
        rows.map((d) => ({
          id: d.id,
          creator: d.creator,
          host: d.host,
          time_created: d.timeCreated,
          pointers: sql.json(d.pointers as never),
        })),
      )}`;

    // Warm up both paths (connections, prepared statements, JIT) before measuring.
    for (const batch of batches(5, BIG_BATCH)) {
      await bareInsert(batch);
      await store.append(batch);
    }
    const results = {
      bare1000: [] as number[],
      append1000: [] as number[],
      bare1: [] as number[],
      append1: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      const big = await paired(batches(BIG_BATCHES_PER_ROUND, BIG_BATCH), bareInsert, (b) => store.append(b));
      const one = await paired(batches(SINGLES_PER_ROUND, 1), bareInsert, (b) => store.append(b));
      results.bare1000.push(big.bare);
      results.append1000.push(big.append);
      results.bare1.push(one.bare);
      results.append1.push(one.append);
    }

    const bare1000 = median(results.bare1000);
    const append1000 = median(results.append1000);
    const bare1 = median(results.bare1);
    const append1 = median(results.append1);
    const ratio = append1000 / bare1000;
    const load = loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
    console.log(
      `ingest on ${new URL(adminUrl).host}, ${cpus().length} CPUs, load ${load} (median of ${ROUNDS} rounds; deltas/s)`,
    );
    console.log(
      `  batch 1,000  bare INSERT ${fmt(bare1000)}   append ${fmt(append1000)}   ratio ${ratio.toFixed(2)}`,
    );
    console.log(
      `  batch     1  bare INSERT ${fmt(bare1)}   append ${fmt(append1)}   ratio ${(append1 / bare1).toFixed(2)}`,
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `  target batched ≥ 30,000/s: ${verdict(append1000 >= 30_000)}; batched ≥ 0.5× bare: ${verdict(ratio >= 0.5)}`,
    );
  } finally {
    await store.close();
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
};

await main();
