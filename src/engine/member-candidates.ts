import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import type { AppliedLog } from './applied-log.js';

/**
 * Per collection, every entity id ever referenced with it: the candidates a
 * list checks for membership. Read from the store once per collection, then
 * kept current from the deltas the engine applies, so a list query costs no
 * round trip once warm (docs/design.md §5.4).
 */
export interface MemberCandidates {
  of(collection: string): Promise<ReadonlySet<string>>;
  /** Called for every delta the engine applies, local or from the feed. */
  note(delta: Delta): void;
}

export function createMemberCandidates(
  referencedAs: (collection: string) => Promise<string[]>,
  applied: AppliedLog,
): MemberCandidates {
  const known = new Map<string, Set<string>>();
  const pending = new Map<string, Promise<Set<string>>>();

  const add = (delta: Delta, only?: { collection: string; ids: Set<string> }) => {
    for (const { localContext, target } of delta.pointers) {
      if (!isEntityRef(target)) continue;
      const ids = only ? (only.collection === localContext ? only.ids : undefined) : known.get(localContext);
      ids?.add(target.id);
    }
  };

  // Deltas applied while the store is read are replayed, as for entity loads.
  const read = async (collection: string) => {
    const mark = applied.begin();
    try {
      const ids = new Set(await referencedAs(collection));
      for (const delta of applied.since(mark)) add(delta, { collection, ids });
      known.set(collection, ids);
      return ids;
    } finally {
      applied.end(mark);
      pending.delete(collection);
    }
  };

  return {
    async of(collection) {
      const ids = known.get(collection);
      if (ids) return ids;
      let reading = pending.get(collection);
      if (!reading) {
        reading = read(collection);
        pending.set(collection, reading);
      }
      return reading;
    },
    note: (delta) => add(delta),
  };
}
