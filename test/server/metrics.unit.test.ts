import { describe, expect, it } from 'vitest';
import { createRhizomeMetrics, type MetricSources } from '../../src/server/metrics.js';

const cursor = (position: number) => ({ txid: 7n, position: BigInt(position) });
const checkpoint = (typeName: string, position: number) => ({
  tableName: `p_${typeName}`,
  typeName,
  shape: '',
  cursor: cursor(position),
  members: 0,
  deltas: 0,
  ready: true,
});

const sources = (feedAt: number | null, healthy: boolean): MetricSources => ({
  feed: { healthy, checkpoint: feedAt === null ? null : cursor(feedAt) },
  head: async () => cursor(120),
  projections: async () => [checkpoint('Person', 100), checkpoint('Company', 120)],
  cacheStats: () => ({ entities: 3, bytes: 900, hits: 3, misses: 1 }),
  peers: () => [
    {
      url: 'ws://a/graphql',
      state: 'live',
      connected: true,
      cursor: null,
      lagMs: 42,
      lastError: null,
      quarantined: 0,
    },
  ],
  openSockets: async () => 5,
  live: () => ({ sockets: 2, cohorts: 4, subscriptions: 5 }),
});

const read = async (metrics: ReturnType<typeof createRhizomeMetrics>) => {
  const text = await metrics.registry.metrics();
  return (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
};

describe('Rhizome metrics at scrape time', () => {
  it('computes feed and projection lag against the head, and reads every source', async () => {
    const metrics = createRhizomeMetrics();
    metrics.bind(sources(95, false));
    const at = await read(metrics);
    expect(at('rhizome_feed_lag_positions')).toBe(25);
    expect(at('rhizome_feed_healthy')).toBe(0);
    expect(at('rhizome_projection_lag_positions{type="Person"}')).toBe(20);
    expect(at('rhizome_projection_lag_positions{type="Company"}')).toBe(0);
    expect(at('rhizome_cache_hit_ratio')).toBe(0.75);
    expect(at('rhizome_peer_lag_ms{peer="ws://a/graphql"}')).toBe(42);
    expect(at('rhizome_open_sockets')).toBe(5);
    expect(at('rhizome_websockets')).toBe(2);
    expect(at('rhizome_subscription_cohorts')).toBe(4);

    metrics.bind(sources(null, true));
    const fromStart = await read(metrics);
    expect(fromStart('rhizome_feed_lag_positions')).toBe(120);
    expect(fromStart('rhizome_feed_healthy')).toBe(1);
  });

  it('keeps separate figures per app', async () => {
    const one = createRhizomeMetrics();
    const two = createRhizomeMetrics();
    one.appended(3);
    expect((await read(one))('rhizome_deltas_appended_total')).toBe(3);
    expect((await read(two))('rhizome_deltas_appended_total')).toBe(0);
  });
});
