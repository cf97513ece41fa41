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
 * Resolves the affected entities from their closures with the same pure views
 * code the in-memory cache uses, so a row always equals what `person(id)`
 * would answer at the same feed position. Lists hold members only.
 */
export function resolveRows(
  projections: readonly TypeProjection[],
  closures: ReadonlyMap<string, readonly Delta[]>,
  onFailure: ResolveFailure,
): Map<string, TableChanges> {
  const cache = createViewCache();
  for (const [id, deltas] of closures) cache.load(id, deltas);
  const out = new Map<string, TableChanges>();
  for (const projection of projections) {
    const changes: TableChanges = { upserts: [], removals: [] };
    for (const id of closures.keys()) {
      try {
        const view = cache.isMember(id, projection.type.collection) ? cache.lossy(id, projection.type) : null;
        if (view) changes.upserts.push(rowOf(projection, id, view));
        else changes.removals.push(id);
      } catch (error) {
        onFailure({ entity: id, type: projection.type.name, error });
      }
    }
    out.set(projection.tableName, changes);
  }
  return out;
}
