import { type Plugin, useReadinessCheck } from 'graphql-yoga';

/** What `GET /ready` checks; each part must hold for a 200. */
export interface ReadinessSources {
  /** Whether the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** Whether the feed reads the database and holds a LISTEN (false: other instances' writes arrive late). */
  feedHealthy(): boolean;
  /** True once a shutdown has begun: a load balancer should send no more traffic. */
  stopping(): boolean;
}

/**
 * `GET /ready` through yoga's readiness check: 200 with
 * `{ ready: true, database: true, feed: true, stopping: false }`, else 503
 * with the same body saying which part failed. (`/health` is liveness.)
 */
export function useReadiness(sources: ReadinessSources): Plugin {
  return useReadinessCheck({
    endpoint: '/ready',
    async check({ fetchAPI }) {
      const stopping = sources.stopping();
      const database = await sources.ping().catch(() => false);
      const feed = sources.feedHealthy();
      const ready = database && feed && !stopping;
      return new fetchAPI.Response(JSON.stringify({ ready, database, feed, stopping }), {
        status: ready ? 200 : 503,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
}
