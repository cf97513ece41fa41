import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import type { Model } from '../model/model.js';
import { EXPLORER_BUNDLE, ensureExplorerBundle } from './explorer-bundle.js';
import { explorerModel } from './explorer-model.js';

const FILES: Record<string, { file: string; type: string }> = {
  '/explorer': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/explorer/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/explorer/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/explorer/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * The history page (docs/design.md §10, The history page): `GET /explorer?type=Person&id=ada`
 * serves a bundled page that reads everything else through the GraphQL API;
 * `GET /explorer/model.json` tells it each property's resolver, which
 * introspection does not show. `model` is read per request, so it follows
 * schema reloads.
 */
export function useExplorer(model: () => Model): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !url.pathname.startsWith('/explorer')) return;
      if (url.pathname === '/explorer/model.json') {
        endResponse(fetchAPI.Response.json(explorerModel(model())));
        return;
      }
      const served = FILES[url.pathname];
      if (!served) return;
      // A failed build still serves an older bundle if there is one.
      const failed = await ensureExplorerBundle().then(
        () => undefined,
        (error: unknown) => String(error),
      );
      const body = await readFile(join(EXPLORER_BUNDLE, served.file)).catch(() => undefined);
      endResponse(
        body
          ? new fetchAPI.Response(body, {
              headers: { 'content-type': served.type, 'cache-control': 'no-cache' },
            })
          : new fetchAPI.Response(
              `The explorer bundle is missing (${failed ?? 'no sources'}): run \`npm run build:explorer\`.`,
              {
                status: 500,
              },
            ),
      );
    },
  };
}
