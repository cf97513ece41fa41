import { isEntityRef, type Primitive, type Target } from '../../delta/delta.js';

/**
 * Per-distinct-value state for `majority` and `union`. Primitives key a Map
 * directly (so "1" and 1 stay distinct) and references key a second Map by
 * id, which avoids building a key string for every folded delta.
 */
export interface ValueSlots<S> {
  get(value: Target): S | undefined;
  set(value: Target, slot: S): void;
  values(): IterableIterator<S>;
}

export const createValueSlots = <S>(): ValueSlots<S> => {
  const primitives = new Map<Primitive, S>();
  const references = new Map<string, S>();
  return {
    get: (value) => (isEntityRef(value) ? references.get(value.id) : primitives.get(value)),
    set(value, slot) {
      if (isEntityRef(value)) references.set(value.id, slot);
      else primitives.set(value, slot);
    },
    *values() {
      yield* primitives.values();
      yield* references.values();
    },
  };
};
