import { isEntityRef, isJsonTarget, type Primitive, type Target } from '../../delta/delta.js';
import { canonicalJson } from '../../delta/json-value.js';

/**
 * Per-distinct-value state for `majority` and `union`. Primitives key a Map
 * directly (so "1" and 1 stay distinct), references key a second Map by id,
 * which avoids building a key string for every folded delta, and JSON objects
 * and arrays a third by their canonical text (equal whatever the key order).
 * Each Map is made on its first value: most properties only ever hold one
 * kind, and a build resolves a fresh fold per property of every member.
 */
export interface ValueSlots<S> {
  get(value: Target): S | undefined;
  set(value: Target, slot: S): void;
  /** Every slot, primitives first, then references, then documents. */
  values(): S[];
}

export const createValueSlots = <S>(): ValueSlots<S> => {
  let primitives: Map<Primitive, S> | undefined;
  let references: Map<string, S> | undefined;
  let documents: Map<string, S> | undefined;
  return {
    get: (value) =>
      isEntityRef(value)
        ? references?.get(value.id)
        : isJsonTarget(value)
          ? documents?.get(canonicalJson(value.json))
          : primitives?.get(value),
    set(value, slot) {
      if (isEntityRef(value)) {
        references ??= new Map();
        references.set(value.id, slot);
      } else if (isJsonTarget(value)) {
        documents ??= new Map();
        documents.set(canonicalJson(value.json), slot);
      } else {
        primitives ??= new Map();
        primitives.set(value, slot);
      }
    },
    values() {
      const out: S[] = [];
      for (const map of [primitives, references, documents])
        if (map) for (const slot of map.values()) out.push(slot);
      return out;
    },
  };
};
