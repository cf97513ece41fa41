import type { Delta } from '../delta/delta.js';
import type { EntityModel, ResolvedValue } from '../model/model.js';
import type { Resolution } from './resolution.js';
import type { TrustFilter } from './trust-filter.js';

/** Everything Rhizome knows about one entity, unreduced (docs/design.md §2). */
export interface LosslessView {
  readonly id: string;
  /** Per targetContext: the visible, non-negated deltas that contribute to it, in (timeCreated, id) order. */
  readonly properties: Readonly<Record<string, readonly Delta[]>>;
  /** The localContexts of visible pointers that reference this entity, sorted, distinct. */
  readonly collections: readonly string[];
}

/** One value per declared property of a type, or null when the entity does not exist in that type's lens. */
export type LossyView = Readonly<Record<string, ResolvedValue>>;

export interface ViewOptions {
  /** Only deltas (and negations) with `timeCreated <= asOf` count. */
  readonly asOf?: number;
  /** Only deltas (and negations) that pass the filter count (docs/design.md §9). */
  readonly trust?: TrustFilter;
}

/**
 * In-memory, incrementally maintained views of the entities that have been loaded.
 * Pure: it never reads the store; the caller loads an entity's deltas and hands them in.
 */
export interface ViewCache {
  /**
   * Installs an entity with every delta of its closure (see `closureIds`).
   * Deltas already known are ignored, so loading twice or after `apply` is safe.
   */
  load(entityId: string, deltas: Iterable<Delta>): void;
  isLoaded(entityId: string): boolean;
  /**
   * Folds one delta into every loaded view it touches (entities it references,
   * views holding a delta it negates, views holding members of its transaction).
   * Idempotent per delta id. Returns the ids of loaded entities whose view changed.
   */
  apply(delta: Delta): string[];
  lossless(entityId: string, options?: ViewOptions): LosslessView;
  /**
   * Whether a visible delta references the entity with this `localContext`,
   * i.e. it is a member of the type whose `collection` this is (docs/design.md §3).
   * Cheaper than reading `lossless(...).collections`.
   */
  isMember(entityId: string, collection: string, options?: ViewOptions): boolean;
  /** Null when the entity does not exist for this type (docs/design.md §2, Existence). */
  lossy(entityId: string, type: EntityModel, options?: ViewOptions): LossyView | null;
  /**
   * Why the property resolved as it did (docs/design.md §9): the resolver, the
   * winning deltas and every contributing delta with the reason it lost or was
   * left out.
   */
  resolution(entityId: string, type: EntityModel, property: string, options?: ViewOptions): Resolution;
  /**
   * The visible deltas (not negated, transaction complete) with a pointer to a
   * loaded entity, each once: what a delete must negate is chosen from these.
   */
  visibleReferencing(entityId: string): Delta[];
  /** Forgets an entity (memory bound); it can be loaded again. */
  evict(entityId: string): void;
  /** Number of loaded entities. */
  readonly size: number;
  /** Number of deltas held, negations and transaction pieces included: what memory grows with. */
  readonly deltas: number;
}
