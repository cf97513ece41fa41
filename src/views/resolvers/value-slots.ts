import { isEntityRef, isJsonTarget, type Primitive, type Target } from '../../delta/delta.js';
import { canonicalJson } from '../../delta/json-value.js';

/**
 * Per-distinct-value state for `majority` and `union`. Primitives key a Map
 * directly (so "1" and 1 stay distinct), references key a second Map by id,
 * which avoids building a key string for every folded delta, and JSON objects
 * and arrays a third by their canonical text (equal whatever the key order).
 */
export interface ValueSlots<S> {
  get(value: Target): S | undefined;
  set(value: Target, slot: S): void;
  values(): IterableIterator<S>;
}

export const createValueSlots = <S>(): ValueSlots<S> => {
  const primitives = new Map<Primitive, S>();
  const references = new Map<string, S>();
  const documents = new Map<string, S>();
  return {
    get: (value) =>
      isEntityRef(value)
        ? references.get(value.id)
        : isJsonTarget(value)
          ? documents.get(canonicalJson(value.json))
          : primitives.get(value),
    set(value, slot) {
      if (isEntityRef(value)) references.set(value.id, slot);
      else if (isJsonTarget(value)) documents.set(canonicalJson(value.json), slot);
      else primitives.set(value, slot);
    },
    *values() {
      yield* primitives.values();
      yield* references.values();
      yield* documents.values();
    },
  };
};
