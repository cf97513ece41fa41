import type { Server } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { DeltaStore } from '../store/delta-store.js';
import type { RhizomeMetrics } from './metrics.js';

// The small wrappers createApp puts around its parts, so app.ts stays the wiring alone.

/** Counts `<type>Changed` subscriptions once they listen, for `subscriptionsStarted`. */
export function countingChanges(engine: Engine, started: () => void): Engine {
  return {
    ...engine,
    async changes(type, entityId, trust) {
      const events = await engine.changes(type, entityId, trust);
      started();
      return events;
    },
  };
}

/** Counts the deltas this instance stores, for `rhizome_deltas_appended_total`. */
export function countingAppends(store: DeltaStore, metrics: RhizomeMetrics): DeltaStore {
  return {
    ...store,
    async append(deltas, appendOptions) {
      const outcomes = await store.append(deltas, appendOptions);
      metrics.appended(outcomes.filter((outcome) => outcome.inserted).length);
      return outcomes;
    },
  };
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
