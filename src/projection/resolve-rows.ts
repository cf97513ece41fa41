import type { Delta } from '../delta/delta.js';
import type { RowInput } from '../store/projection-store.js';
import { createViewCache } from '../views/create-view-cache.js';
import { rowOf, type TypeProjection } from './projection-shape.js';

export interface TableChanges {
  readonly upserts: RowInput[];
  /** Entities that are not (or no longer) members: their rows go. */
  readonly removals: string[];
}

/** What a custom resolver threw for one entity; that entity's row is left as it was. */
export type ResolveFailure = (failure: { entity: string; type: string; error: unknown }) => void;

/**
 * Entities resolved per view cache. Each closure holds all its entity needs,
 * so any split gives the same rows; a small cache's records die young
 * instead of outliving a whole chunk, which made resolving a build's chunk of
 * 2,000 about 12% faster (100 against 2,000 per cache; 25 was no better).
 */
const ENTITIES_PER_CACHE = 100;

/**
 * Resolves the affected entities from their closures with the same pure views
 * code the in-memory cache uses, so a row always equals what `person(id)`
 * would answer at the same feed position. Lists hold members only.
 */
export function resolveRows(
  projections: readonly TypeProjection[],
  closures: ReadonlyMap<string, readonly Delta[]>,
  onFailure: ResolveFailure,
): Map<string, TableChanges> {
  const out = new Map<string, TableChanges>();
  for (const projection of projections) out.set(projection.tableName, { upserts: [], removals: [] });
  const entities = [...closures];
  for (let from = 0; from < entities.length; from += ENTITIES_PER_CACHE) {
    const cache = createViewCache();
    const some = entities.slice(from, from + ENTITIES_PER_CACHE);
    for (const [id, deltas] of some) cache.load(id, deltas);
    for (const projection of projections) {
      const changes = out.get(projection.tableName) as TableChanges;
      for (const [id] of some) {
        try {
          const view = cache.isMember(id, projection.type.collection)
            ? cache.lossy(id, projection.type)
            : null;
          if (view) changes.upserts.push(rowOf(projection, id, view));
          else changes.removals.push(id);
        } catch (error) {
          onFailure({ entity: id, type: projection.type.name, error });
        }
      }
    }
  }
  return out;
}
