/** A primitive pointer target. Numbers are always finite. */
export type Primitive = string | number | boolean | null;

/** A reference to an entity (or, for system contexts, to a delta or transaction). */
export interface EntityRef {
  readonly id: string;
}

/** Any JSON value; numbers are finite. */
export type JsonValue = Primitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * An object or array value (for a JSON property). It travels wrapped, as
 * `{ "json": ... }`, so `{ "id": ... }` stays the one form of a reference and
 * `{ "id": 1 }` can be a value. Primitives always travel bare.
 */
export interface JsonTarget {
  readonly json: readonly JsonValue[] | { readonly [key: string]: JsonValue };
}

export type Target = Primitive | EntityRef | JsonTarget;

export interface Pointer {
  /** The role of the target within this delta. */
  readonly localContext: string;
  readonly target: Target;
  /** Only on entity references: the property of the target entity this delta speaks about. */
  readonly targetContext?: string;
}

/** An immutable hyperedge: who said what, about which entities, when. docs/design.md §1. */
export interface Delta {
  readonly id: string;
  readonly creator: string;
  readonly host: string;
  /** Milliseconds since the epoch, set by the creator. */
  readonly timeCreated: number;
  readonly pointers: readonly Pointer[];
}

/** Reserved system contexts (docs/design.md §1). */
export const NEGATES = '_negates';
export const NEGATED_BY = 'negated_by';
export const TRANSACTION = '_transaction';
export const TRANSACTION_DELTAS = 'deltas';
export const TRANSACTION_SIZE = 'size';

export const isEntityRef = (target: Target): target is EntityRef =>
  typeof target === 'object' && target !== null && 'id' in target;

export const isJsonTarget = (target: Target): target is JsonTarget =>
  typeof target === 'object' && target !== null && 'json' in target;

/** Ids of the deltas `delta` negates: the targets of its `_negates` pointers. */
export const negatedIds = (delta: Delta): string[] =>
  delta.pointers.flatMap((p) => (p.localContext === NEGATES && isEntityRef(p.target) ? [p.target.id] : []));

/** What a target stands for as a value: a wrapped object or array unwrapped. */
export const targetValue = (target: Target): JsonValue | EntityRef =>
  isJsonTarget(target) ? target.json : target;
