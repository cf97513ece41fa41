import type { Delta } from '../delta/delta.js';
import { deltasEqual } from '../delta/delta-equal.js';
import type { Engine } from '../engine/engine.js';
import { RhizomeError } from '../errors.js';
import type { DeltaStore, QuarantinedDelta } from '../store/delta-store.js';

export interface StoreBatchOptions {
  readonly engine: Pick<Engine, 'write'>;
  readonly store: Pick<DeltaStore, 'getMany'>;
  readonly peer: string;
  /** The peer's cursor of the last delta in `deltas`. */
  readonly cursor: string;
}

/**
 * Stores a batch from a peer with its cursor in one transaction, through the
 * normal append path (docs/design.md §7). A delta whose id is stored with
 * other content makes the append a `CONFLICT`; then the batch is stored again
 * without the conflicting deltas, which go to quarantine in that same
 * transaction. Returns what was quarantined.
 */
export async function storeBatch(
  deltas: readonly Delta[],
  { engine, store, peer, cursor }: StoreBatchOptions,
): Promise<readonly QuarantinedDelta[]> {
  try {
    await engine.write(deltas, { peer: { peer, cursor } });
    return [];
  } catch (error) {
    if (!(error instanceof RhizomeError) || error.code !== 'CONFLICT') throw error;
  }
  const stored = new Map((await store.getMany(deltas.map((d) => d.id))).map((d) => [d.id, d]));
  const quarantine: QuarantinedDelta[] = [];
  const accepted = deltas.filter((remote) => {
    const local = stored.get(remote.id);
    if (local === undefined || deltasEqual(local, remote)) return true;
    quarantine.push({ local, remote });
    return false;
  });
  await engine.write(accepted, { peer: { peer, cursor, quarantine } });
  return quarantine;
}
