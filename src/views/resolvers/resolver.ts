import { isEntityRef, isJsonTarget, type Target } from '../../delta/delta.js';
import type { ResolvedValue } from '../../model/model.js';

/**
 * An incremental fold of one property's visible contributions. `add` costs
 * O(1) (amortised) whatever was folded before; `result` is cheap when nothing
 * changed. Removing a value is not supported: when a delta stops being
 * visible the property is folded again from its contributions.
 */
export interface Resolver {
  /** `t` and `id` are the contributing delta's timeCreated and id, for tie-breaks. */
  add(value: Target, t: number, id: string): void;
  result(): ResolvedValue;
}

/** References come out as fresh `{ id }` objects, JSON objects and arrays unwrapped, primitives as they are. */
export const output = (value: Target): ResolvedValue =>
  isEntityRef(value) ? { id: value.id } : isJsonTarget(value) ? value.json : value;
