/**
 * The soak bench's end (bench/soak.ts): once the writers stop and every
 * subscriber has caught up (bounded), the database, the subscribers and the
 * views are compared with the bench's log.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type postgres from 'postgres';
import { type ErrorCounts, type FeedSubscriber, type PersonWatcher, post } from './soak-clients.js';
import type { SoakLog } from './soak-log.js';

const DRAIN_MS = 60_000;

export interface SoakEnd {
  readonly url: string;
  readonly admin: postgres.Sql;
  readonly log: SoakLog;
  readonly errors: ErrorCounts;
  readonly feeds: readonly FeedSubscriber[];
  readonly watcher: PersonWatcher;
  readonly watched: readonly string[];
  /** Acknowledged before every subscriber was known to listen: not counted as missed. */
  readonly beforeTracking: ReadonlySet<string>;
}

export async function verifySoak(
  end: SoakEnd,
): Promise<{ name: string; value: number | string; ok: boolean }[]> {
  const { url, admin, log, errors, feeds, watcher, watched, beforeTracking } = end;
  const WATCHED = watched.length;
  // Drain: wait (bounded) for every subscriber to hear every acknowledged delta.
  const acknowledged = log.acknowledgedIds();
  const tracked = acknowledged.filter((id) => !beforeTracking.has(id));
  const drainUntil = performance.now() + DRAIN_MS;
  const behind = (feed: FeedSubscriber) => {
    const heard = new Set(feed.received);
    return !feed.ended() && tracked.some((id) => !heard.has(id));
  };
  while (performance.now() < drainUntil && feeds.some(behind)) await delay(250);

  const stored = new Set((await admin<{ id: string }[]>`SELECT id FROM deltas`).map((row) => row.id));
  const counted = await post(url, errors, 'final count', '{ deltas(first: 1) { totalCount } }');
  const unconfirmed = log.unconfirmedIds();
  const lost = acknowledged.filter((id) => !stored.has(id)).length;
  const sent = new Set(unconfirmed);
  const unknown = [...stored].filter((id) => !log.isAcknowledged(id) && !sent.has(id));
  const feedChecks = feeds.map((feed, i) => {
    const heard = new Set(feed.received);
    return {
      i,
      missed: tracked.filter((id) => !heard.has(id)).length,
      doubled: feed.received.length - heard.size,
      ended: feed.ended(),
    };
  });

  // Views: every person as the server resolves it, against the log.
  const expected = log.expected();
  let viewsDiffer = 0;
  const examples: string[] = [];
  const ids = [...expected.keys()];
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = ids.slice(i, i + 25);
    const query = `{ ${chunk.map((id, k) => `p${k}: person(id: ${JSON.stringify(id)}) { name visits tags }`).join(' ')} }`;
    const data = await post(url, errors, 'final views', query);
    chunk.forEach((id, k) => {
      const got = data?.[`p${k}`];
      const want = expected.get(id);
      const same =
        got &&
        want &&
        got.name === want.name &&
        got.visits === want.visits &&
        [...got.tags].sort().join() === [...want.tags].sort().join();
      if (!same) {
        viewsDiffer++;
        if (examples.length < 3)
          examples.push(`${id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    });
  }
  let watchersDiffer = 0;
  for (const id of watched) {
    const got = watcher.last.get(id);
    const want = expected.get(id);
    if (!want) continue;
    if (!got || got.name !== want.name || got.visits !== want.visits) watchersDiffer++;
  }

  return [
    { name: 'deltas acknowledged', value: acknowledged.length, ok: acknowledged.length > 0 },
    {
      name: 'writes never acknowledged (given up)',
      value: unconfirmed.length,
      ok: unconfirmed.length === 0,
    },
    { name: 'acknowledged deltas lost from the database', value: lost, ok: lost === 0 },
    {
      name: 'deltas in the database the log does not know',
      value: unknown.length,
      ok: unknown.length === 0,
    },
    {
      name: 'deltas(first: 1).totalCount = rows in the table',
      value: `${counted?.deltas.totalCount} = ${stored.size}`,
      ok: counted?.deltas.totalCount === stored.size,
    },
    ...feedChecks.map((f) => ({
      name: `deltaAdded subscriber ${f.i + 1}: missed / doubled${f.ended ? ` (ended: ${f.ended})` : ''}`,
      value: `${f.missed} / ${f.doubled} of ${tracked.length}`,
      ok: f.missed === 0 && f.doubled === 0 && !f.ended,
    })),
    {
      name: `people whose view differs from the log (of ${expected.size})${examples.length ? `, e.g. ${examples.join('; ')}` : ''}`,
      value: viewsDiffer,
      ok: viewsDiffer === 0,
    },
    {
      name: `personChanged subscriptions whose last event differs from the log (of ${WATCHED})${watcher.ended() ? ` (ended: ${watcher.ended()})` : ''}`,
      value: watchersDiffer,
      ok: watchersDiffer === 0 && !watcher.ended(),
    },
  ];
}
