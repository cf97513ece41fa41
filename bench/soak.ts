/**
 * `npm run bench:soak`: Rhizome under mixed reads, writes and subscriptions
 * for a long time, with a PostgreSQL restart and a killed LISTEN connection
 * in the middle; at the end the database, the subscribers and the views are
 * compared with the bench's own log of what the server acknowledged.
 *
 * The database is a throwaway cluster started from the local binaries (never
 * the shared server: the bench restarts it). The server is `rhizome serve`
 * in a process of its own, so its RSS is its own. Writers send `emitDeltas`
 * with ids they chose (bench/soak-log.ts): a write that fails is retried with
 * the same deltas, which is a no-op if it had committed after all.
 *
 * Env: SOAK_MINUTES (20), SOAK_RATE (write batches/s, 40), SOAK_READ_RATE
 * (reads/s, 40), SOAK_PEOPLE (300), SOAK_SAMPLE_SECONDS (duration/40, ≥ 2).
 * Prints RSS over time (baseline: the first sample after the warm-up, the
 * first quarter), errors by code, deltas lost or doubled, views that differ.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import postgres from 'postgres';
import { startThrowawayCluster } from '../test/support/throwaway-cluster.js';
import { seededRandom } from '../test/support/writers.js';
import { atEnd, buildCliBundle, endBench } from './children.js';
import { createErrorCounts, post, subscribeFeed, watchPeople } from './soak-clients.js';
import { createSoakLog, type SoakDelta } from './soak-log.js';
import { printSummary, type RssSample } from './soak-report.js';
import { runSoakServer } from './soak-server.js';
import { verifySoak } from './soak-verify.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 20);
const writeRate = Number(process.env.SOAK_RATE ?? 40);
const readRate = Number(process.env.SOAK_READ_RATE ?? 40);
const peopleCount = Number(process.env.SOAK_PEOPLE ?? 300);
const durationMs = minutes * 60_000;
const sampleMs = Number(process.env.SOAK_SAMPLE_SECONDS ?? Math.max(2, durationMs / 40 / 1000)) * 1000;
const WRITERS = 4;
const READERS = 4;
const FEED_SUBSCRIBERS = 3;
const WATCHED = 30;
const DRAIN_MS = 60_000;

const EMIT = 'mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }';
const person = (i: number) => `soak-person-${i}`;

async function main() {
  const cluster = await startThrowawayCluster();
  atEnd(() => cluster.stop());
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  atEnd(() => admin.end({ timeout: 1 }));
  const server = await runSoakServer(cluster.url);
  const { url } = server;
  const errors = createErrorCounts();
  const log = createSoakLog();
  const random = seededRandom(16);
  const faults: string[] = [];

  const feeds = Array.from({ length: FEED_SUBSCRIBERS }, () => subscribeFeed(url));
  const watched = Array.from({ length: WATCHED }, (_, i) => person(i));
  const watcher = watchPeople(url, watched);
  const emit = async (batch: readonly SoakDelta[]) => {
    const data = await post(url, errors, 'write', EMIT, { deltas: batch });
    if (data) log.acknowledge(batch);
    return data !== undefined;
  };
  // Probe until every subscriber hears a write: from then on, each must hear every delta.
  const ready = performance.now();
  while (feeds.some((feed) => feed.received.length === 0)) {
    if (performance.now() - ready > 30_000) throw new Error('the subscribers never received a probe');
    await emit(log.batch(99, person(0), random));
    await delay(100);
  }
  const beforeTracking = new Set(log.acknowledgedIds());
  await delay(500); // the probes still in flight arrive before tracking starts

  const start = performance.now();
  const elapsed = () => performance.now() - start;
  let stopping = false;

  const writer = async (w: number) => {
    const pace = (1000 * WRITERS) / writeRate;
    const own = seededRandom(100 + w);
    while (!stopping) {
      const next = performance.now() + pace;
      const batch = log.batch(w, person(Math.floor(own() * peopleCount)), own);
      const until = performance.now() + DRAIN_MS + durationMs;
      while (!(await emit(batch)) && performance.now() < until) await delay(200);
      await delay(Math.max(0, next - performance.now()));
    }
  };
  const reader = async (r: number) => {
    const pace = (1000 * READERS) / readRate;
    const own = seededRandom(200 + r);
    while (!stopping) {
      const next = performance.now() + pace;
      const pick = own();
      if (pick < 0.5) {
        await post(url, errors, 'read person', 'query($id: ID!) { person(id: $id) { name visits tags } }', {
          id: person(Math.floor(own() * peopleCount)),
        });
      } else if (pick < 0.8) {
        await post(
          url,
          errors,
          'read people',
          '{ people(first: 20, orderBy: { field: name, direction: DESC }) { totalCount nodes { id name } } }',
        );
      } else {
        const id = log.someAcknowledged(own());
        const data = await post(url, errors, 'read delta', 'query($id: ID!) { delta(id: $id) { id } }', {
          id,
        });
        if (data && data.delta === null) errors.add('read delta', 'ACKNOWLEDGED_DELTA_MISSING');
      }
      await delay(Math.max(0, next - performance.now()));
    }
  };

  const samples: RssSample[] = [];
  const sampler = async () => {
    while (!stopping) {
      // Feed entries the Person projection has not folded in yet (its list answers wait for it).
      const behind = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM deltas d, projection_checkpoints c
        WHERE c.type_name = 'Person' AND (d.txid, d.position) > (c.txid, c.position)`.then(
        (rows) => rows[0]?.n,
        () => undefined,
      );
      samples.push({
        atMs: elapsed(),
        rssBytes: await server.rssBytes(),
        heapUsedBytes: await server.heapUsedBytes(),
        deltas: log.count(),
        projectionBehind: behind,
      });
      const last = samples[samples.length - 1] as RssSample;
      console.error(
        `  ${(last.atMs / 60_000).toFixed(1)} min: RSS ${(last.rssBytes / 1048576).toFixed(1)} MB ` +
          `(JS heap ${last.heapUsedBytes === undefined ? '?' : (last.heapUsedBytes / 1048576).toFixed(1)}), ` +
          `${last.deltas} deltas, projection ${last.projectionBehind ?? '?'} behind, ${errors.total()} client errors` +
          (errors.total() ? ` (most: ${errors.entries()[0]?.join(' × ')})` : ''),
      );
      await delay(sampleMs);
    }
  };
  const faultsRun = async () => {
    await delay(durationMs * 0.4);
    const t0 = performance.now();
    await cluster.restart();
    faults.push(
      `${(elapsed() / 60_000).toFixed(1)} min: PostgreSQL restarted (fast shutdown, down ${Math.round(performance.now() - t0)} ms)`,
    );
    await delay(Math.max(0, durationMs * 0.6 - elapsed()));
    // The server's LISTEN may still be re-opening after the restart: try for up to 30 s.
    let killed = 0;
    for (let tries = 0; killed === 0 && tries < 60; tries++) {
      if (tries > 0) await delay(500);
      const [row] = await admin<{ killed: number }[]>`
        SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND query ILIKE 'listen%'`;
      killed = row?.killed ?? 0;
    }
    faults.push(`${(elapsed() / 60_000).toFixed(1)} min: LISTEN connections killed: ${killed}`);
  };

  console.error(
    `soak: ${minutes} min, ${writeRate} write batches/s, ${readRate} reads/s, ${FEED_SUBSCRIBERS} deltaAdded ` +
      `subscribers, ${WATCHED} personChanged subscriptions, ${peopleCount} people`,
  );
  const loops = [
    ...Array.from({ length: WRITERS }, (_, w) => writer(w)),
    ...Array.from({ length: READERS }, (_, r) => reader(r)),
    sampler(),
  ];
  const faulted = faultsRun();
  await delay(durationMs);
  stopping = true;
  await Promise.all([...loops, faulted]);

  const checks = await verifySoak({ url, admin, log, errors, feeds, watcher, watched, beforeTracking });
  await Promise.all([...feeds.map((feed) => feed.close()), watcher.close()]);
  const serverLog = server.logCounts();
  await server.stop();

  const ok = printSummary({
    minutes,
    samples,
    warmupMs: durationMs / 4,
    faults,
    errors: errors.entries(),
    serverLog,
    checks: [
      ...checks,
      {
        name: 'server died during the run',
        value: server.exitedEarly() ? 'yes' : 'no',
        ok: !server.exitedEarly(),
      },
    ],
  });
  process.exitCode = ok ? 0 : 1;
}

buildCliBundle();
try {
  await main();
} finally {
  await endBench();
}
