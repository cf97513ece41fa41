/** A primitive pointer target. Numbers are always finite. */
export type Primitive = string | number | boolean | null;

/** A reference to an entity (or, for system contexts, to a delta or transaction). */
export interface EntityRef {
  readonly id: string;
}

export type Target = Primitive | EntityRef;

export interface Pointer {
  /** The role of the target within this delta. */
  readonly localContext: string;
  readonly target: Target;
  /** Only on entity references: the property of the target entity this delta speaks about. */
  readonly targetContext?: string;
}

/** An immutable hyperedge: who said what, about which entities, when. DESIGN.md §1. */
export interface Delta {
  readonly id: string;
  readonly creator: string;
  readonly host: string;
  /** Milliseconds since the epoch, set by the creator. */
  readonly timeCreated: number;
  readonly pointers: readonly Pointer[];
}

/** Reserved system contexts (DESIGN.md §1). */
export const NEGATES = '_negates';
export const NEGATED_BY = 'negated_by';
export const TRANSACTION = '_transaction';
export const TRANSACTION_DELTAS = 'deltas';
export const TRANSACTION_SIZE = 'size';

export const isEntityRef = (target: Target): target is EntityRef =>
  typeof target === 'object' && target !== null;
