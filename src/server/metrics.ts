import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { CacheStats } from '../engine/resident-views.js';
import type { PeerStatus } from '../peer/peer-status.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import type { ProjectionCheckpoint } from '../store/projection-store.js';
import type { LiveStats } from './live-stats.js';

/** Where Rhizome's own figures come from; read at scrape time (docs/design.md §12). */
export interface MetricSources {
  readonly feed: { readonly healthy: boolean; readonly checkpoint: FeedCursor | null };
  /** The newest feed position the database can show. */
  head(): Promise<FeedCursor | null>;
  /** Every projection's checkpoint; absent without projection tables. */
  projections?(): Promise<readonly ProjectionCheckpoint[]>;
  cacheStats(): CacheStats;
  peers(): readonly PeerStatus[];
  /** Open TCP sockets (HTTP and upgraded WebSockets). */
  openSockets(): Promise<number>;
  /** graphql-ws sockets and subscription cohorts (subscribers sharing one execution). */
  live(): LiveStats;
}

export interface RhizomeMetrics {
  readonly registry: Registry;
  /** Counts deltas this instance appended (mutations, imports through it, peers). */
  appended(count: number): void;
  /** Counts deltas the feed delivered (from any instance). */
  delivered(count: number): void;
  /** Counts subscriptions as they start and end, over HTTP (SSE) and WebSocket alike. */
  readonly subscriptionsPlugin: Plugin;
  /** yoga's and envelop's HTTP and operation metrics on `GET /metrics`. */
  readonly prometheusPlugin: Plugin;
  /** Connects the scrape-time sources once the app has built them. */
  bind(sources: MetricSources): void;
}

const lagBehind = (head: FeedCursor | null, at: FeedCursor | null): number =>
  head === null ? 0 : Math.max(0, Number(head.position - (at?.position ?? 0n)));

/** One registry per app, so several apps in one process (tests) do not share figures. */
export function createRhizomeMetrics(): RhizomeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: MetricSources | undefined;
  const registers = [registry];

  const appended = new Counter({
    name: 'rhizome_deltas_appended_total',
    help: 'Deltas this instance stored (not re-submits of stored ones)',
    registers,
  });
  const delivered = new Counter({
    name: 'rhizome_feed_deltas_total',
    help: "Deltas this instance's feed delivered, from every instance writing to the database",
    registers,
  });
  const subscriptions = new Gauge({
    name: 'rhizome_subscriptions',
    help: 'Subscriptions running now (WebSocket and SSE)',
    registers,
  });
  new Gauge({
    name: 'rhizome_feed_healthy',
    help: '1 while the feed reads the database and holds a LISTEN, else 0',
    registers,
    collect() {
      if (sources) this.set(sources.feed.healthy ? 1 : 0);
    },
  });
  new Gauge({
    name: 'rhizome_feed_lag_positions',
    help: "Feed positions between the database's head and what this instance has applied",
    registers,
    async collect() {
      if (!sources) return;
      const head = await sources.head().catch(() => null);
      this.set(lagBehind(head, sources.feed.checkpoint));
    },
  });
  const cacheGauge = (name: string, help: string, pick: (stats: CacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (sources) this.set(pick(sources.cacheStats()));
      },
    });
  cacheGauge('rhizome_cache_entities', 'Entity views loaded in memory', (s) => s.entities);
  cacheGauge('rhizome_cache_bytes', 'Estimated heap bytes of the loaded entity views', (s) => s.bytes);
  cacheGauge('rhizome_cache_hits', 'Entity reads that found the view loaded (since start)', (s) => s.hits);
  cacheGauge('rhizome_cache_misses', 'Entity reads that had to load the view (since start)', (s) => s.misses);
  cacheGauge('rhizome_cache_hit_ratio', 'hits / (hits + misses) since start; 0 before any read', (s) =>
    s.hits + s.misses === 0 ? 0 : s.hits / (s.hits + s.misses),
  );
  new Gauge({
    name: 'rhizome_open_sockets',
    help: 'Open TCP sockets, HTTP and WebSocket together',
    registers,
    async collect() {
      if (sources) this.set(await sources.openSockets());
    },
  });
  new Gauge({
    name: 'rhizome_websockets',
    help: 'Open WebSocket connections',
    registers,
    collect() {
      if (sources) this.set(sources.live().sockets);
    },
  });
  new Gauge({
    name: 'rhizome_subscription_cohorts',
    help: 'Operations run once for all their subscribers over graphql-ws (subscriptions and @live queries)',
    registers,
    collect() {
      this.set(sources?.live().cohorts ?? 0);
    },
  });
  new Gauge({
    name: 'rhizome_projection_lag_positions',
    help: "Feed positions between the database's head and each projection's checkpoint",
    labelNames: ['type'],
    registers,
    async collect() {
      if (!sources?.projections) return;
      const [head, checkpoints] = await Promise.all([
        sources.head().catch(() => null),
        sources.projections().catch(() => []),
      ]);
      this.reset();
      for (const checkpoint of checkpoints) {
        this.set({ type: checkpoint.typeName }, lagBehind(head, checkpoint.cursor));
      }
    },
  });
  new Gauge({
    name: 'rhizome_peer_lag_ms',
    help: "Per followed peer: when its latest batch was stored minus the batch's newest timeCreated",
    labelNames: ['peer'],
    registers,
    collect() {
      this.reset();
      for (const peer of sources?.peers() ?? []) {
        if (peer.lagMs !== null) this.set({ peer: peer.url }, peer.lagMs);
      }
    },
  });
  new Gauge({
    name: 'rhizome_peer_connected',
    help: 'Per followed peer: 1 while it answers, else 0',
    labelNames: ['peer'],
    registers,
    collect() {
      this.reset();
      for (const peer of sources?.peers() ?? []) this.set({ peer: peer.url }, peer.connected ? 1 : 0);
    },
  });

  return {
    registry,
    appended: (count) => appended.inc(count),
    delivered: (count) => delivered.inc(count),
    subscriptionsPlugin: {
      onSubscribe: () => ({
        onSubscribeResult: ({ result }) => {
          // An error result is not a stream: it never starts, so it never ends.
          if (!(Symbol.asyncIterator in result)) return;
          subscriptions.inc();
          let ended = false;
          return {
            onEnd: () => {
              if (ended) return;
              ended = true;
              subscriptions.dec();
            },
          };
        },
      }),
    },
    prometheusPlugin: usePrometheus({
      registry,
      endpoint: '/metrics',
      metrics: {
        graphql_envelop_request: true,
        graphql_envelop_request_duration: true,
        graphql_envelop_error_result: true,
        graphql_yoga_http_duration: true,
        // The plugin turns everything else on unless told otherwise. Left off: the per-phase
        // histograms and the summary (more observations per operation, for figures the request
        // duration mostly answers) and the deprecated-field counter, which walks every document
        // with a TypeInfo (no field of the generated schema is deprecated). Together they cost a
        // sixth of a list request's CPU.
        graphql_envelop_phase_parse: false,
        graphql_envelop_phase_validate: false,
        graphql_envelop_phase_context: false,
        graphql_envelop_phase_execute: false,
        graphql_envelop_phase_subscribe: false,
        graphql_envelop_request_time_summary: false,
        graphql_envelop_deprecated_field: false,
        graphql_envelop_schema_change: false,
      },
    }),
    bind(bound) {
      sources = bound;
    },
  };
}
