import { type Delta, isEntityRef, type Pointer } from '../delta/delta.js';

/**
 * The wire format of docs/design.md §1 with a fixed key order: the same delta
 * always serialises to the same bytes, so two exports can be compared with
 * `diff` and an export → import → export round trip is byte-identical.
 * `targetContext` is written only when present (a store may hand back
 * `undefined` or `null` for it; neither belongs on the wire).
 */
const wirePointer = (pointer: Pointer): Pointer => {
  const out: { localContext: string; target: Pointer['target']; targetContext?: string } = {
    localContext: pointer.localContext,
    target: isEntityRef(pointer.target) ? { id: pointer.target.id } : pointer.target,
  };
  if (typeof pointer.targetContext === 'string') out.targetContext = pointer.targetContext;
  return out;
};

export const toWire = (delta: Delta): Delta => ({
  id: delta.id,
  creator: delta.creator,
  host: delta.host,
  timeCreated: delta.timeCreated,
  pointers: delta.pointers.map(wirePointer),
});

/** One NDJSON line, newline included. */
export const toWireLine = (delta: Delta): string => `${JSON.stringify(toWire(delta))}\n`;
