import { type Delta, isEntityRef, TRANSACTION } from '../delta/delta.js';

/**
 * The ids whose referencing deltas a loader must ALSO fetch so that an
 * entity's view is complete: every delta's own id (its negations reference
 * it) and every transaction id a delta belongs to or sizes (the other members
 * decide when it becomes visible).
 *
 * Loading an entity is a fixpoint: fetch the deltas that reference the entity
 * id, then repeatedly fetch the deltas that reference any id `closureIds`
 * yields for the deltas fetched so far and not yet asked for, until it yields
 * nothing new. That reaches negations of negations and transactions however
 * deep, and `ViewCache.load` then takes the whole set.
 *
 * @example
 * const asked = new Set([id]);
 * let batch = await store.byEntities([id]);
 * const all = [...batch];
 * for (;;) {
 *   const next = closureIds(batch).filter((x) => !asked.has(x));
 *   if (next.length === 0) break;
 *   for (const x of next) asked.add(x);
 *   batch = await store.byEntities(next);
 *   all.push(...batch);
 * }
 * cache.load(id, all);
 */
export const closureIds = (deltas: Iterable<Delta>): string[] => {
  const ids = new Set<string>();
  for (const delta of deltas) {
    ids.add(delta.id);
    for (const { localContext, target } of delta.pointers) {
      if (localContext === TRANSACTION && isEntityRef(target)) ids.add(target.id);
    }
  }
  return [...ids];
};
