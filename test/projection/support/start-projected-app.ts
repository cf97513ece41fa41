import type { Logger } from 'pino';
import { loadConfig } from '../../../src/config.js';
import { loadSchemaDir } from '../../../src/model/load-schema-dir.js';
import type { Model } from '../../../src/model/model.js';
import { createApp } from '../../../src/server/app.js';
import type { DeltaStore } from '../../../src/store/delta-store.js';
import type { GraphQLResponse } from '../../support/start-app.js';

export interface ProjectedApp {
  gql(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  reloadSchema(model: Model): void;
  stop(): Promise<void>;
}

export const exampleModel = () => loadSchemaDir(new URL('../../../schema', import.meta.url).pathname);

/** The real server on a free port over a store the test owns (so it can count the store's calls). */
export async function startProjectedApp(
  store: DeltaStore,
  options: { cacheEntities?: number; model?: Model; logger?: Logger } = {},
): Promise<ProjectedApp> {
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    nodeId: 'node-test',
    logLevel: 'silent',
    cacheEntities: options.cacheEntities ?? 100_000,
  });
  const app = createApp(config, {
    model: options.model ?? (await exampleModel()),
    store,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { url } = await app.start();
  return {
    async gql(query, variables) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    },
    reloadSchema: (model) => app.reloadSchema(model),
    stop: () => app.stop(),
  };
}

/** Wraps a store to count how often the in-memory list path asks for a collection's candidates. */
export function countingMembers(store: DeltaStore): { store: DeltaStore; calls: () => number } {
  let calls = 0;
  return {
    store: {
      ...store,
      referencedAs(localContext) {
        calls++;
        return store.referencedAs(localContext);
      },
    },
    calls: () => calls,
  };
}
