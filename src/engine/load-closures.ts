import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import type { DeltaStore } from '../store/delta-store.js';
import { closureIds } from '../views/closure-ids.js';

/**
 * Fetches, for each entity, every delta its view needs: the deltas that reference
 * it, then (round by round) the deltas that reference those deltas or their
 * transactions, until nothing new turns up. One round trip per round for the
 * whole batch, so loading 100 entities costs as much as loading one.
 */
export async function loadClosures(
  store: Pick<DeltaStore, 'byEntities'>,
  entityIds: readonly string[],
): Promise<Map<string, Delta[]>> {
  const byReferencedId = new Map<string, Delta[]>();
  const fetched = new Set<string>();
  const known = new Set<string>();
  let frontier = [...new Set(entityIds)];
  while (frontier.length > 0) {
    for (const id of frontier) fetched.add(id);
    const found = await store.byEntities(frontier);
    const fresh: Delta[] = [];
    for (const delta of found) {
      for (const pointer of delta.pointers) {
        if (!isEntityRef(pointer.target) || !fetched.has(pointer.target.id)) continue;
        const list = byReferencedId.get(pointer.target.id) ?? [];
        if (!list.includes(delta)) list.push(delta);
        byReferencedId.set(pointer.target.id, list);
      }
      if (!known.has(delta.id)) {
        known.add(delta.id);
        fresh.push(delta);
      }
    }
    frontier = closureIds(fresh).filter((id) => !fetched.has(id));
  }
  const result = new Map<string, Delta[]>();
  for (const entityId of new Set(entityIds)) result.set(entityId, gather(entityId, byReferencedId));
  return result;
}

/** Walks the fetched graph from one entity, so each view gets only its own closure. */
function gather(entityId: string, byReferencedId: Map<string, Delta[]>): Delta[] {
  const seen = new Set<string>();
  const out: Delta[] = [];
  let frontier = [entityId];
  const visited = new Set(frontier);
  while (frontier.length > 0) {
    const next: Delta[] = [];
    for (const id of frontier) {
      for (const delta of byReferencedId.get(id) ?? []) {
        if (seen.has(delta.id)) continue;
        seen.add(delta.id);
        out.push(delta);
        next.push(delta);
      }
    }
    frontier = closureIds(next).filter((id) => !visited.has(id));
    for (const id of frontier) visited.add(id);
  }
  return out;
}
