import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TracerProvider } from '@opentelemetry/api';
import { type Logger, pino } from 'pino';
import { type AccessPolicy, createAccessPolicy } from '../auth/access-control.js';
import { createAuthenticator } from '../auth/authenticator.js';
import type { Config } from '../config.js';
import { createEngine } from '../engine/engine.js';
import { createDeltaFeed, type DeltaFeed } from '../feed/delta-feed.js';
import { replayThenLive } from '../feed/replay-then-live.js';
import { buildSchema } from '../graphql/build-schema.js';
import type { SchemaDeps } from '../graphql/builder.js';
import { createRequestContext } from '../graphql/request-context.js';
import { loadSchemaDir } from '../model/load-schema-dir.js';
import type { Model } from '../model/model.js';
import { createPeering, type Peering } from '../peer/peering.js';
import { type Projections, startProjections } from '../projection/start-projections.js';
import { createWriteMarks } from '../projection/write-marks.js';
import type { DeltaStore } from '../store/delta-store.js';
import { openStore } from '../store/open-store.js';
import { countingAppends, countingChanges, listen } from './app-wrappers.js';
import { attachWebSocket } from './attach-websocket.js';
import { createRhizomeYoga } from './create-yoga.js';
import { graphiqlExample } from './graphiql-example.js';
import { createHttpServer } from './http-server.js';
import { trackInFlight } from './in-flight.js';
import { createLiveQueries, type LiveQueries } from './live-queries.js';
import { type LiveStats, NO_LIVE_STATS } from './live-stats.js';
import { createRhizomeMetrics, type RhizomeMetrics } from './metrics.js';
import { withRequestId } from './request-scope.js';
import { createSwappableSchema } from './swappable-schema.js';
import { createTracing, tracedStore } from './tracing.js';
import { useExplorer } from './use-explorer.js';
import { type Route, withRoutes } from './with-routes.js';

export interface AppOptions {
  /**
   * Use this model instead of loading `config.schemaDir`. A promise is awaited
   * once the database is migrated: a schema of `.ts` files takes a few hundred
   * milliseconds to compile (tsx), which the database's own start-up covers.
   */
  readonly model?: Model | Promise<Model>;
  /** Use this store instead of opening one from the config (the app then does not close it). */
  readonly store?: DeltaStore;
  readonly logger?: Logger;
  /** Trace into this provider (tests: an in-memory exporter), whatever `config.tracing` says. */
  readonly tracerProvider?: TracerProvider;
  /** Feed timings, for tests that break the LISTEN. @default the feed's own */
  readonly feed?: { readonly pollIntervalMs?: number; readonly maxBackoffMs?: number };
}

export interface App {
  /** Opens the store, migrates, starts the feed and listens. Resolves with the GraphQL URL. */
  start(): Promise<{ url: string }>;
  /** Finishes in-flight requests, closes sockets with 1001 (going away), releases the database. */
  stop(): Promise<void>;
  /** Swaps in a new GraphQL schema; open subscriptions keep running. */
  reloadSchema(model: Model): void;
  /** Subscriptions that have started listening since start (only grows); lets tests wait for one. */
  subscriptionsStarted(): number;
  /** This app's Prometheus registry (also served on `GET /metrics`). */
  readonly metrics: RhizomeMetrics;
  /** Open graphql-ws sockets, cohorts and their members, for metrics. */
  liveStats(): LiveStats;
}

/** The composition root: store, engine, feed, schema, HTTP and WebSocket transports. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { node: config.nodeId } });
  const metrics = createRhizomeMetrics();
  const tracingReady = createTracing(config, options.tracerProvider);
  let stopping = false;
  let currentModel: Model | undefined;
  let running:
    | {
        server: Server;
        store: DeltaStore;
        feed: DeltaFeed;
        ws: ReturnType<typeof attachWebSocket>;
        drained(timeoutMs: number): Promise<boolean>;
        deps: SchemaDeps;
        projections: Projections;
        peering: Peering;
        live: LiveQueries;
        projected: { unlisten(): Promise<void> } | undefined;
      }
    | undefined;
  const swappable = createSwappableSchema();
  const writeMarks = createWriteMarks();
  const authenticator = createAuthenticator(config);
  // Rebuilt with the schema: which types a delta touches depends on the declarations.
  const policyFor = (model: Model) =>
    createAccessPolicy({
      model,
      enabled: authenticator.enabled,
      adminRole: config.adminRole,
      nodeId: config.nodeId,
      maxClockSkewMs: config.maxClockSkewMs,
      feedRead: config.feedRead,
    });
  let policy: AccessPolicy | undefined;
  let startedSubscriptions = 0;

  return {
    async start() {
      const tracing = await tracingReady;
      const modelReady = Promise.resolve(options.model ?? loadSchemaDir(config.schemaDir));
      // Handled below, after the migration; a schema that fails first must not go unhandled meanwhile.
      modelReady.catch(() => undefined);
      stopping = false;
      if (config.production && !authenticator.enabled) {
        logger.warn(
          'Auth is off: anyone who can reach this server can write as anyone. Set RHIZOME_JWT_SECRET or RHIZOME_JWKS_URL (see "Securing Rhizome" in the README).',
        );
      }
      const opened = options.store ?? openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await opened.migrate();
        const model = await modelReady;
        currentModel = model;
        const initialPolicy = policyFor(model);
        policy = initialPolicy;
        const projections = await startProjections({ store: opened, model, logger, marks: writeMarks });
        const counted = countingAppends(projections.store, metrics);
        const store = tracing ? tracedStore(counted, tracing) : counted;
        // The feed polls every second: its reads get no spans of their own, its batches do.
        const feed = createDeltaFeed({ store: counted, logger, ...options.feed });
        const engine = countingChanges(
          createEngine({
            store,
            cacheEntities: config.cacheEntities,
            cacheBytes: config.cacheBytes,
            logger,
          }),
          () => startedSubscriptions++,
        );
        const live = createLiveQueries(model);
        engine.watch((ids) => live.changed(ids));
        feed.subscribe((entries) => {
          metrics.delivered(entries.length);
          const ingest = () => engine.ingest(entries).then(() => live.fed(entries));
          (tracing
            ? tracing.span('feed.batch', { 'rhizome.deltas': entries.length }, ingest)
            : ingest()
          ).catch((error) => logger.error({ err: error }, 'applying feed entries failed'));
        });
        // Live lists re-read once the projection has passed the change (docs/design.md §8).
        const projected = await opened.projections
          ?.listen((cursor) => live.projected(cursor))
          .catch((error: unknown) => {
            logger.warn(
              { err: error },
              'live lists: cannot hear the projection; lists re-run on the feed only',
            );
            return undefined;
          });
        await feed.start();
        const peering = createPeering({
          peers: config.peers,
          token: config.peerToken,
          engine,
          store,
          logger,
        });
        const deps: SchemaDeps = {
          node: { id: config.nodeId, peers: () => peering.status() },
          engine,
          store,
          lastWrite: writeMarks.last,
          ...(projections.lists ? { lists: projections.lists } : {}),
          deltaStream: (after) => {
            startedSubscriptions++;
            // replayThenLive subscribes to the feed before it returns, so the stream is listening now.
            return replayThenLive({ store, feed, after });
          },
        };
        const yoga = createRhizomeYoga({
          schema: buildSchema(model, deps),
          plugins: [
            ...(tracing ? [tracing.plugin] : []),
            swappable.plugin,
            live.plugin,
            metrics.subscriptionsPlugin,
            ...(config.metrics ? [metrics.prometheusPlugin] : []),
            // The history page follows the GraphiQL switch: both are consoles, off in production by default.
            ...(config.graphiql ? [useExplorer(() => currentModel ?? model)] : []),
          ],
          authenticator,
          createContext: (identity) =>
            createRequestContext({
              identity,
              nodeId: config.nodeId,
              negators: (ids) => store.negatorsOf(ids),
              policy: policy ?? initialPolicy,
              getMany: (ids) => store.getMany(ids),
            }),
          readiness: {
            ping: () => store.ping(),
            feedHealthy: () => feed.healthy,
            stopping: () => stopping,
          },
          graphiqlDocument: () => (currentModel ? graphiqlExample(currentModel) : ''),
          accessLog: config.accessLog,
          limits: config,
          logger,
        });
        // Routes besides GraphQL (an explorer page, say) go in this list, ahead of yoga;
        // they run behind withRequestId, so their responses carry x-request-id too.
        const routes: Route[] = [];
        const server = createHttpServer(withRequestId(withRoutes(routes, yoga)), config);
        const inFlight = trackInFlight(server);
        await listen(server, config.port, config.host);
        // After listen: attached earlier, graphql-ws also reports a busy port, as a multi-line console error.
        // A member joining a running cohort starts no engine stream of its own, so it counts here.
        const ws = attachWebSocket(server, yoga, config, authenticator, () => startedSubscriptions++);
        metrics.bind({
          feed,
          head: () => store.head(),
          ...(store.projections && {
            projections: () => (store.projections as NonNullable<typeof store.projections>).checkpoints(),
          }),
          cacheStats: () => engine.cacheStats(),
          peers: () => peering.status(),
          openSockets: () =>
            new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count))),
          live: () => ws.stats(),
        });
        // After listen: following never delays a start, and a peer that follows back finds us up.
        peering.start();
        running = {
          server,
          store: opened,
          feed,
          ws,
          deps,
          projections,
          peering,
          live,
          projected,
          drained: (ms) => inFlight.drained(ms),
        };
        const { port } = server.address() as AddressInfo;
        const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
        logger.info({ url }, 'Rhizome is listening');
        return { url };
      } catch (error) {
        if (!options.store) await opened.close().catch(() => undefined);
        throw error;
      }
    },

    async stop() {
      if (!running) return;
      const { server, store, feed, ws, projections, peering, projected, drained } = running;
      running = undefined;
      // Draining (docs/design.md §12): /ready answers 503 from here on, no new socket
      // is accepted, in-flight requests finish (for up to shutdownTimeoutMs), then
      // every socket is closed, WebSockets with 1001.
      stopping = true;
      await projected?.unlisten().catch(() => undefined);
      await peering.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const [finished] = await Promise.all([drained(config.shutdownTimeoutMs), ws.close()]);
      if (!finished)
        logger.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          'requests still running at shutdown were cut off',
        );
      server.closeAllConnections();
      await closed;
      await feed.stop();
      await projections.stop();
      if (!options.store) await store.close();
      await (await tracingReady)?.shutdown();
    },

    metrics,
    liveStats() {
      return running ? running.ws.stats() : NO_LIVE_STATS;
    },

    subscriptionsStarted() {
      return running ? startedSubscriptions : 0;
    },

    reloadSchema(model) {
      if (!running) throw new Error('reloadSchema needs a started app');
      running.projections.setModel(model);
      currentModel = model;
      running.live.setModel(model);
      policy = policyFor(model);
      swappable.swap(buildSchema(model, running.deps));
      logger.info({ entities: model.entities.map((e) => e.name) }, 'schema reloaded');
    },
  };
}
