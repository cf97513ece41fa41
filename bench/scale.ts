/**
 * `npm run bench:scale`: views at scale (docs/design.md §8). Imports N people
 * (3 deltas each, as `createPerson` writes them) with `rhizome import` into a
 * fresh database and the same people into a plain indexed table; then, with
 * each server in its own process, measures Rhizome against that baseline:
 * cold start to the first answered list, two lists at 32 connections (req/s,
 * p99), server RSS, and Rhizome's projection rebuild speed and lag from
 * commit at 200 deltas/s. Prints each figure next to its target.
 *
 *   DATABASE_URL       admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_ENTITIES     people to import (default 1,000,000 = 3,000,000 deltas)
 *   BENCH_SECONDS      autocannon duration per list and server, and of the lag run (default 10)
 *   BENCH_CONCURRENCY  `rhizome import --concurrency` (default 1, the CLI's default)
 *   BENCH_DATABASE     reuse this database, already imported by an earlier run with the same
 *                      BENCH_ENTITIES, instead of creating and importing one (its projection
 *                      tables and the baseline are dropped first, so the build is measured
 *                      again; the database is kept afterwards)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { atEnd, buildCliBundle, endBench, spawnNode } from './children.js';
import { fillBaseline, writePeopleDeltas } from './scale-data.js';
import { measureLag } from './scale-lag.js';
import { CONNECTIONS, measureLists } from './scale-lists.js';
import { type Figure, printFigures } from './scale-report.js';
import { startBaseline, startRhizome } from './scale-servers.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const entities = Number(process.env.BENCH_ENTITIES ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = process.env.BENCH_CONCURRENCY ?? '1';
const deltas = entities * 3;
const LAG_RATE = 200;
// Generous: the figure is what is being measured, the timeout only stops a hung run.
const START_TIMEOUT_MS = 600_000;

const FIRST_LIST = '{ people(first: 10) { nodes { id } } }';
/** Answered as soon as the server listens, without touching a list (before the build a list takes the slow path). */
const LISTENING = '{ __typename }';
const reuse = process.env.BENCH_DATABASE;

const since = (started: number) => (performance.now() - started) / 1000;

async function importPeople(databaseUrl: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rhizome-bench-scale-'));
  atEnd(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'people.ndjson');
  let started = performance.now();
  await writePeopleDeltas(file, entities);
  console.log(`generated ${deltas} deltas in ${since(started).toFixed(1)} s`);
  started = performance.now();
  const child = spawnNode(
    ['bin/rhizome.js', 'import', file, '--database-url', databaseUrl, '--concurrency', concurrency],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`rhizome import exited with ${code}`);
  const wall = since(started);
  console.log(
    `rhizome import --concurrency ${concurrency}: ${wall.toFixed(1)} s, ${Math.round(deltas / wall)} deltas/s`,
  );
  await rm(dir, { recursive: true, force: true });
}

/**
 * First start: builds the projections from the log; the rebuild speed comes
 * from its log line. No list is asked for until then: before its table is
 * ready a list takes the slow path through the log, which at this size would
 * load every member and compete with the build it waits for.
 */
async function firstStart(databaseUrl: string): Promise<number | undefined> {
  const started = performance.now();
  const server = await startRhizome(databaseUrl, LISTENING, START_TIMEOUT_MS);
  console.log(`first start (migrate): listening after ${(server.coldStartMs / 1000).toFixed(1)} s`);
  // Down to 2,000 deltas/s (plus slack) is still reported; beyond that it is a miss either
  // way. The wait ends as soon as the line arrives.
  const built = await server.projectionsBuilt(60_000 + deltas / 2);
  console.log(`first start: projections built after ${since(started).toFixed(1)} s`);
  await server.stop();
  const person = built.find((b) => /^(person|people)$/i.test(b.projection));
  if (!person) {
    console.log(
      `rebuild: not reported (no "projection built" line for Person in ${since(started).toFixed(0)} s)`,
    );
    return undefined;
  }
  console.log(`rebuild: ${built.map((b) => `${b.projection} ${b.deltas} deltas in ${b.ms} ms`).join(', ')}`);
  return (person.deltas * 1000) / person.ms;
}

/** A database imported by an earlier run, as it was before its first start. */
async function resetReused(sql: postgres.Sql): Promise<void> {
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM deltas`;
  // An earlier run's lag measurement added a few thousand lines to bios, which no list here shows.
  if (n < deltas) throw new Error(`BENCH_DATABASE holds ${n} deltas, fewer than ${deltas}`);
  const tables = await sql<{ table_name: string }[]>`SELECT table_name FROM projection_checkpoints`;
  for (const { table_name } of tables) await sql`DROP TABLE IF EXISTS ${sql(table_name)}`;
  await sql`DELETE FROM projection_checkpoints`;
  await sql`DROP SCHEMA IF EXISTS baseline CASCADE`;
  console.log(`reusing ${reuse} (${n} deltas): ${tables.length} projection tables and the baseline dropped`);
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const name = reuse ?? `bench_scale_${Date.now()}`;
const bench = new URL(adminUrl);
bench.pathname = `/${name}`;
const databaseUrl = bench.toString();
atEnd(async () => {
  if (!reuse) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

buildCliBundle();
try {
  console.log(`bench:scale — ${entities} people (${deltas} deltas) in ${name}`);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  // Also when the bench fails before its own end() below: an open connection keeps the process alive.
  atEnd(() => sql.end());
  let started = performance.now();
  if (reuse) await resetReused(sql);
  else {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await importPeople(databaseUrl);
    // What autovacuum does after a bulk load (it may be off on a test cluster): planner
    // statistics, the visibility map and the GIN pending list merged.
    started = performance.now();
    await sql`VACUUM ANALYZE deltas`;
    console.log(`VACUUM ANALYZE deltas in ${since(started).toFixed(1)} s`);
  }
  started = performance.now();
  await fillBaseline(sql, entities);
  await sql.end();
  console.log(`baseline table filled and indexed in ${since(started).toFixed(1)} s`);

  const rebuild = await firstStart(databaseUrl);
  const rhizome = await startRhizome(databaseUrl, FIRST_LIST, START_TIMEOUT_MS);
  const baseline = await startBaseline(databaseUrl, FIRST_LIST, START_TIMEOUT_MS);
  const figures: Figure[] = [
    {
      label: 'cold start → first list',
      unit: 'ms',
      ours: rhizome.coldStartMs,
      baseline: baseline.coldStartMs,
      target: { text: '< 2,000 ms', met: (ours) => ours < 2000 },
    },
  ];
  figures.push(...(await measureLists(rhizome, baseline, seconds)));
  const [rss, baselineRss] = await Promise.all([rhizome.rssBytes(), baseline.rssBytes()]);
  figures.push({
    label: 'server RSS after the lists',
    unit: 'MB',
    ours: rss / 2 ** 20,
    baseline: baselineRss / 2 ** 20,
    target: {
      text: `< 400 MB${entities === 1_000_000 ? '' : ' (at 1M)'}`,
      met: (o) => o < 400,
    },
  });
  await baseline.stop();

  await rhizome.settle();
  started = performance.now();
  const lag = await measureLag({ url: rhizome.url, databaseUrl, rate: LAG_RATE, seconds, people: entities });
  await rhizome.stop();
  if (!lag)
    console.log(
      `projection lag: not reported (no NOTIFY rhizome_projection in ${since(started).toFixed(0)} s)`,
    );
  else
    console.log(
      `projection lag: ${lag.sentRate.toFixed(0)} deltas/s sent, ${lag.measured} writes measured, ${lag.notices} NOTIFYs, ${lag.uncovered} never covered, ${lag.failedWrites} failed writes${lag.failures.size > 0 ? ` (${[...lag.failures].map(([why, n]) => `${n} ${why}`).join(', ')})` : ''}`,
    );
  figures.push(
    { label: `projection lag p50 (${LAG_RATE} deltas/s)`, unit: 'ms', ours: lag?.p50 },
    {
      label: `projection lag p99 (${LAG_RATE} deltas/s)`,
      unit: 'ms',
      ours: lag?.p99,
      target: { text: '< 50 ms', met: (o) => o < 50 },
    },
    {
      label: 'projection rebuild',
      unit: 'deltas/s',
      ours: rebuild,
      target: { text: '≥ 50,000 deltas/s', met: (o) => o >= 50_000 },
    },
  );
  console.log(
    `\n${CONNECTIONS} connections, ${seconds} s per list and server; servers in their own processes`,
  );
  printFigures(figures);
} catch (error) {
  console.error(`bench:scale failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await endBench();
}
