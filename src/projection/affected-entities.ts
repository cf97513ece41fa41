import { type Delta, isEntityRef, NEGATES, TRANSACTION } from '../delta/delta.js';
import type { DeltaStore } from '../store/delta-store.js';

/**
 * The entities whose resolved values a batch of new deltas may change: those
 * a delta references; for a negation, those of the delta it negates (and so
 * on down a chain of negations); for a piece of a transaction, those of every
 * delta in that transaction (the piece may complete it). Deltas it must look
 * at that are not in the batch come from the store, a round trip per level.
 */
export async function affectedEntities(
  store: Pick<DeltaStore, 'getMany' | 'byEntities'>,
  deltas: readonly Delta[],
): Promise<string[]> {
  const entities = new Set<string>();
  const seen = new Set(deltas.map((delta) => delta.id));
  const asked = new Set<string>();
  let frontier = deltas;
  while (frontier.length > 0) {
    const negated: string[] = [];
    const transactions: string[] = [];
    for (const delta of frontier) {
      for (const { localContext, target } of delta.pointers) {
        if (!isEntityRef(target)) continue;
        if (localContext === NEGATES || localContext === TRANSACTION) {
          if (asked.has(target.id)) continue;
          asked.add(target.id);
          (localContext === NEGATES ? negated : transactions).push(target.id);
        } else entities.add(target.id);
      }
    }
    const [targets, members] = await Promise.all([
      negated.length === 0 ? [] : store.getMany(negated),
      transactions.length === 0 ? [] : store.byEntities(transactions),
    ]);
    frontier = [...targets, ...members].filter((delta) => !seen.has(delta.id));
    for (const delta of frontier) seen.add(delta.id);
  }
  return [...entities];
}
