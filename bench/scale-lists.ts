/**
 * The two lists of `bench/scale.ts` at 32 connections, Rhizome against the
 * baseline in the same run: each first checked to return the same page on
 * both, then a short warm-up, then measured with autocannon, every response
 * checked against that page.
 */
import autocannon from 'autocannon';
import type { Figure } from './scale-report.js';
import { type BenchServer, postQuery } from './scale-servers.js';

export const CONNECTIONS = 32;

const LISTS = {
  'people(first: 10, orderBy: name)': '{ people(first: 10, orderBy: {field: name}) { nodes { id name } } }',
  'people(age 30..39, orderBy: name)':
    '{ people(first: 10, where: {age: {gte: 30, lt: 40}}, orderBy: {field: name}) { nodes { id name } } }',
};

/** Both servers idle first, so that neither measures the other's leftover work. */
async function quietLoad(
  servers: readonly BenchServer[],
  ...args: Parameters<typeof load>
): Promise<Awaited<ReturnType<typeof load>>> {
  await Promise.all(servers.map((server) => server.settle()));
  return load(...args);
}

/**
 * Requests per second counts only right answers (2xx with the expected body).
 * Failures (timeouts, errors, wrong bodies) are reported, not thrown: a server
 * too slow at this size is a figure too. When more than 1% fail, the 99th
 * percentile is a failure, so p99 is reported as unbounded.
 */
async function load(label: string, url: string, query: string, durationS: number, expectBody: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    expectBody,
  });
  const failed = result.errors + result.non2xx + result.mismatches;
  if (failed > 0)
    console.log(
      `${label}: ${result.timeouts} timeouts, ${result.errors - result.timeouts} other errors, ${result.non2xx} non-2xx, ${result.mismatches} unexpected bodies`,
    );
  const good = Math.max(0, result['2xx'] - result.mismatches);
  const attempted = result.requests.total + result.errors;
  const p99 = good === 0 || failed > 0.01 * attempted ? Number.POSITIVE_INFINITY : result.latency.p99;
  return { rps: good / result.duration, p99 };
}

/** Both servers must answer the same page, or the comparison means nothing. */
async function samePage(rhizome: BenchServer, baseline: BenchServer, query: string): Promise<string> {
  const [ours, theirs] = await Promise.all([postQuery(rhizome.url, query), postQuery(baseline.url, query)]);
  const text = JSON.stringify(ours);
  if (ours.errors || text !== JSON.stringify(theirs))
    throw new Error(
      `the servers answer ${query} differently:\n  rhizome  ${text}\n  baseline ${JSON.stringify(theirs)}`,
    );
  return text;
}

/** req/s and p99 of each list on both servers, as figures with their targets. */
export async function measureLists(
  rhizome: BenchServer,
  baseline: BenchServer,
  seconds: number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [label, query] of Object.entries(LISTS)) {
    const body = await samePage(rhizome, baseline, query);
    const warmup = Math.min(3, seconds);
    const servers = [rhizome, baseline];
    await quietLoad(servers, `warm-up rhizome ${label}`, rhizome.url, query, warmup, body);
    await quietLoad(servers, `warm-up baseline ${label}`, baseline.url, query, warmup, body);
    const ours = await quietLoad(servers, `rhizome ${label}`, rhizome.url, query, seconds, body);
    const theirs = await quietLoad(servers, `baseline ${label}`, baseline.url, query, seconds, body);
    figures.push(
      {
        label: `${label} req/s`,
        unit: 'req/s',
        ours: ours.rps,
        baseline: theirs.rps,
        target: { text: '≥ 0.8× baseline', met: (o, b) => o >= 0.8 * (b as number) },
      },
      {
        label: `${label} p99`,
        unit: 'ms',
        ours: ours.p99,
        baseline: theirs.p99,
        target: { text: '< 20 ms', met: (o) => o < 20 },
      },
    );
  }
  return figures;
}
