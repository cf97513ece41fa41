import type { Delta, Target } from '../delta/delta.js';
import type { EntityModel, PropertyModel } from '../model/model.js';
import type { Resolver } from './resolvers/resolver.js';
import type { LossyView } from './views.js';

/**
 * The mutable state behind a view cache. One `DeltaRecord` per held delta is
 * shared by every entity it touches, so visibility is decided once.
 */

export interface DeltaRecord {
  readonly delta: Delta;
  readonly id: string;
  readonly t: number;
  /** Has `_negates` or `_transaction` pointers: kept even when it touches no loaded entity. */
  readonly system: boolean;
  /** Ids of the deltas this one negates (never its own). */
  readonly negates: string[];
  /** Transactions this delta is a member of. */
  readonly transactions: Transaction[];
  /** Transactions whose size this delta declares. */
  readonly declares: Transaction[];
  /** How many visible deltas negate this one. */
  visibleNegators: number;
  /** Its visibility depends on itself (a negation cycle): invisible, whatever the order of arrival. */
  cyclic: boolean;
  visible: boolean;
  /** Set while a visibility flip propagates, a guard against re-entry. */
  flipping: boolean;
  /** Where it is attached: a linked list, one slot per pointer referencing a loaded entity. */
  slots: Slot | undefined;
}

/** One creator's transaction: its members and size declarations are that creator's deltas only. */
export interface Transaction {
  readonly creator: string;
  readonly id: string;
  /** Size declarations; the largest one not negated counts, so adding one can only hold members back. */
  readonly declarations: { readonly record: DeltaRecord; readonly size: number }[];
  readonly members: Map<string, DeltaRecord>;
  complete: boolean;
}

/**
 * One pointer of a delta that references a loaded entity: it makes the entity
 * a member of the pointer's localContext and, with a targetContext, carries
 * the value the delta gives that property. One object per attachment keeps
 * folding a delta to a couple of allocations.
 */
export interface Slot {
  readonly record: DeltaRecord;
  readonly entity: EntityState;
  readonly collection: Membership;
  /** Undefined without a targetContext, or when an earlier slot of the record already speaks about it. */
  readonly property: PropertyState | undefined;
  /** Undefined when the delta gives no value (docs/design.md §1); it still shows in the lossless view. */
  readonly value: Target | undefined;
  /** The record's next slot. */
  next: Slot | undefined;
}

/** A slot that contributes to a property. */
export type Entry = Slot & { readonly property: PropertyState };

/** A built-in resolver folding a property as some type declares it. */
export interface Fold {
  /** Resolver, type and separator: what decides the result (see entity-state's foldKey). */
  readonly key: string;
  readonly model: PropertyModel;
  readonly resolver: Resolver;
}

export interface PropertyState {
  readonly name: string;
  readonly entity: EntityState;
  readonly entries: Entry[];
  /** Whether `entries` is in (timeCreated, id) order. */
  sorted: boolean;
  /**
   * The greatest (timeCreated, id) among `entries` (-Infinity and '' while empty):
   * kept here so attaching compares with it without reading the last entry's
   * record, a cache miss per folded delta once an entity has many.
   */
  maxT: number;
  maxId: string;
  /** Visible entries; the property exists for a type when this is above 0. */
  visible: number;
  readonly folds: Fold[];
  /** A delta stopped being visible: the folds must be rebuilt before reading. */
  stale: boolean;
}

/** The deltas that reference an entity with one localContext (a collection). */
export interface Membership {
  readonly context: string;
  readonly entity: EntityState;
  readonly slots: Slot[];
  /** Visible slots (a delta naming the entity twice in this role counts twice; only > 0 matters). */
  visible: number;
}

export interface EntityState {
  readonly id: string;
  readonly properties: Map<string, PropertyState>;
  readonly collections: Map<string, Membership>;
  /** Bumped whenever a visible contribution comes or goes; keys `lossyCache`. */
  version: number;
  /** The `Changes` epoch that last reported this entity. */
  changedIn: number;
  readonly lossyCache: Map<EntityModel, { version: number; view: LossyView | null }>;
}

// Only system deltas negate or join transactions; the others share these (never mutated).
const NONE: never[] = [];

export const createRecord = (delta: Delta, system: boolean): DeltaRecord => ({
  delta,
  id: delta.id,
  t: delta.timeCreated,
  system,
  negates: system ? [] : NONE,
  transactions: system ? [] : NONE,
  declares: system ? [] : NONE,
  visibleNegators: 0,
  cyclic: false,
  visible: false,
  flipping: false,
  slots: undefined,
});

export const createEntityState = (id: string): EntityState => ({
  id,
  properties: new Map(),
  collections: new Map(),
  version: 0,
  changedIn: 0,
  lossyCache: new Map(),
});
