import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import type { DeltaStore } from '../store/delta-store.js';
import { closureIds } from '../views/closure-ids.js';

export interface LoadClosuresOptions {
  /**
   * Every delta id that some stored delta negates, when the caller knows
   * them: then only these deltas' negations are asked for, not every loaded
   * delta's (a build of a projection, docs/design.md §8). Deltas that merely
   * reference a delta id without negating it change no view, so they may be
   * left out.
   * @default undefined (ask for every loaded delta's references)
   * @example { negated: new Set(await projections.negatedIds()) }
   */
  readonly negated?: ReadonlySet<string>;
}

/**
 * Fetches, for each entity, every delta its view needs: the deltas that reference
 * it, then (round by round) the deltas that reference those deltas or their
 * transactions, until nothing new turns up. One round trip per round for the
 * whole batch, so loading 100 entities costs as much as loading one.
 */
export async function loadClosures(
  store: Pick<DeltaStore, 'byEntities'>,
  entityIds: readonly string[],
  options: LoadClosuresOptions = {},
): Promise<Map<string, Delta[]>> {
  const { negated } = options;
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
    // A loaded delta's own id is followed only when something negates it; transaction ids always.
    const follow = (id: string) => !fetched.has(id) && (!negated || !known.has(id) || negated.has(id));
    frontier = closureIds(fresh).filter(follow);
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
