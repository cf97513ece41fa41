import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import { isSystemContext } from '../delta/system-context.js';
import type { FeedEntry } from '../store/delta-store.js';

/** Feed entries grouped by committing transaction, in feed order: each group became visible at once. */
export function transactionsOf(entries: readonly FeedEntry[]): Delta[][] {
  const groups: Delta[][] = [];
  let txid: bigint | undefined;
  for (const entry of entries) {
    if (groups.length === 0 || entry.cursor.txid !== txid) groups.push([]);
    txid = entry.cursor.txid;
    groups[groups.length - 1]?.push(entry.delta);
  }
  return groups;
}

/** The entities the deltas speak about (system pointers aside). */
export function referencedIds(deltas: readonly Delta[]): string[] {
  const ids = new Set<string>();
  for (const delta of deltas) {
    for (const pointer of delta.pointers) {
      if (isEntityRef(pointer.target) && !isSystemContext(pointer.localContext)) ids.add(pointer.target.id);
    }
  }
  return [...ids];
}
