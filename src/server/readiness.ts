import type { Plugin } from 'graphql-yoga';

/** `GET /ready`: 200 when the database answers, 503 when it does not. (`/health` is yoga's liveness check.) */
export function useReadiness(ping: () => Promise<boolean>): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready' || request.method !== 'GET') return;
      const ready = await ping().catch(() => false);
      endResponse(
        new fetchAPI.Response(JSON.stringify({ ready }), {
          status: ready ? 200 : 503,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
