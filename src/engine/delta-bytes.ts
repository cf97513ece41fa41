import { type Delta, isEntityRef } from '../delta/delta.js';

// Calibrated with bench/cache-memory.ts on V8 (Node 20): what one cached entity
// and each delta of its closure cost in heap, records and slots included.
const ENTITY_BYTES = 2_600;
const DELTA_BYTES = 700;
const POINTER_BYTES = 250;

/** An estimate of the heap an entity's view costs before any delta (its states, maps and resolved views). */
export const entityBytes = (): number => ENTITY_BYTES;

/**
 * An estimate of the heap one delta costs in a view: the parsed object, its
 * record and a slot per pointer, plus its strings (two bytes a character at
 * worst). Cheap enough to run on every delta the engine applies.
 */
export function deltaBytes(delta: Delta): number {
  let bytes = DELTA_BYTES + 2 * (delta.id.length + delta.creator.length + delta.host.length);
  for (const pointer of delta.pointers) {
    bytes += POINTER_BYTES + 2 * (pointer.localContext.length + (pointer.targetContext?.length ?? 0));
    const target = pointer.target;
    if (typeof target === 'string') bytes += 2 * target.length;
    else if (isEntityRef(target)) bytes += 2 * target.id.length;
  }
  return bytes;
}
