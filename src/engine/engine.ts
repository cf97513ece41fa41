import { createDeltaBuilder } from '../delta/build-delta.js';
import type { Delta } from '../delta/delta.js';
import type { DeltaDefaults } from '../delta/delta-defaults.js';
import type { EntityModel } from '../model/model.js';
import type { AppendOptions, AppendOutcome, DeltaStore, FeedEntry } from '../store/delta-store.js';
import type { Resolution } from '../views/resolution.js';
import type { TrustFilter } from '../views/trust-filter.js';
import type { LosslessView, LossyView, ViewCache } from '../views/views.js';
import { type ChangeListener, createChangeListeners, type ErrorLog } from './change-listeners.js';
import { createCursorReads } from './cursor-reads.js';
import { createEntityChanges } from './entity-changes.js';
import type { EntityNode } from './entity-node.js';
import { referencedIds, transactionsOf } from './feed-transactions.js';
import { type Perspective, viewOptionsOf } from './perspective.js';
import { removalDeltas } from './removal-deltas.js';
import { type CacheStats, createResidentViews } from './resident-views.js';

export type { EntityNode } from './entity-node.js';
export type { Perspective } from './perspective.js';

/** What `store.append` takes besides the deltas (a guard against `create<Type>` races, server-filled fields). */
export type WriteOptions = AppendOptions;

export interface EngineOptions {
  readonly store: DeltaStore;
  /** Most entity views kept in memory besides those held by reads and subscriptions. */
  readonly cacheEntities: number;
  /** Most estimated heap bytes of those views. */
  readonly cacheBytes: number;
  /** Where failures that must not stop the engine (a change listener's) are reported. */
  readonly logger: ErrorLog;
  /**
   * Most events a `<type>Changed` subscriber may fall behind before it is ended with `RATE_LIMITED`.
   * @default 1000
   */
  readonly subscriptionQueueLimit?: number;
}

/**
 * Reads entities through the resident views, writes deltas through the store,
 * and keeps the views current from the delta feed. Every view change, local
 * or from the feed, is applied in one sequence so subscribers see one order.
 */
export interface Engine {
  /** Reads from a perspective (asOf, trust, atCursor; docs/design.md §9); none is the live view. */
  entities(type: EntityModel, ids: readonly string[], at?: Perspective): Promise<(EntityNode | null)[]>;
  /** Like `entities` but never null: a referenced entity with no properties yet resolves to empty values. */
  referenced(type: EntityModel, ids: readonly string[], at?: Perspective): Promise<EntityNode[]>;
  /** Every member of the type (docs/design.md §2: lists hold members only). */
  members(type: EntityModel, at?: Perspective): Promise<EntityNode[]>;
  lossless(entityId: string, at?: Perspective): Promise<LosslessView>;
  /** Why one property of an entity resolved as it did (`_resolution`, docs/design.md §9). */
  resolution(type: EntityModel, entityId: string, property: string, at?: Perspective): Promise<Resolution>;
  /**
   * Appends atomically (with the store's append options) and applies the new
   * deltas locally before resolving (read-your-writes). Once the store has
   * committed, it resolves with the store's outcomes (a re-submit's carries the
   * delta as stored): what subscribers make of the change cannot fail it.
   */
  write(deltas: readonly Delta[], options?: WriteOptions): Promise<AppendOutcome[]>;
  /**
   * Writes the first deltas of an entity whose id the server just minted, so
   * nothing else can speak of it yet: its view is installed from these deltas
   * without reading them back.
   */
  writeNew(entityId: string, deltas: readonly Delta[], options?: WriteOptions): Promise<AppendOutcome[]>;
  /**
   * Negates every visible delta that makes the entity one of this type; false when there was none.
   * `authorize` sees the negations before they are stored, and may refuse them by throwing;
   * `written` gets the store's outcomes (the mutation's cursor).
   */
  remove(
    type: EntityModel,
    entityId: string,
    defaults: DeltaDefaults,
    authorize?: (negations: readonly Delta[]) => Promise<void>,
    written?: (outcomes: readonly AppendOutcome[]) => void,
  ): Promise<boolean>;
  /** Applies feed entries in order; deltas already applied are ignored. */
  ingest(entries: readonly FeedEntry[]): Promise<void>;
  /**
   * The states of one entity (or, with null, of every member of the type) after
   * each committed transaction that changes them. Resolves once listening.
   * The stream rejects with `RATE_LIMITED` when its reader falls too far behind.
   * With `trust`, states are resolved from the trusted deltas only, so an
   * untrusted delta emits nothing.
   */
  changes(
    type: EntityModel,
    entityId: string | null,
    trust?: TrustFilter,
  ): Promise<AsyncIterableIterator<EntityNode>>;
  /** The view cache's figures, for metrics. */
  cacheStats(): CacheStats;
  /** Hears the ids of the loaded entities each step changes (for live queries); returns the unsubscribe. */
  watch(listener: ChangeListener): () => void;
}

export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const views = createResidentViews({
    store,
    maxEntities: options.cacheEntities,
    maxBytes: options.cacheBytes,
  });
  const listeners = createChangeListeners(options.logger);
  const atCursor = createCursorReads({ store });
  let watchingEveryMember = 0;
  let sequence: Promise<void> = Promise.resolve();

  /** Runs view-changing work one step at a time, in arrival order. */
  const serially = (work: () => Promise<void> | void): Promise<void> => {
    const next = sequence.then(work);
    sequence = next.catch(() => undefined);
    return next;
  };
  const applyAndNotify = (deltas: readonly Delta[]) => views.apply(deltas, listeners.notify);

  /** The resident views, or for `atCursor` a throwaway cache loaded at that feed position. */
  const read = <T>(ids: readonly string[], at: Perspective | undefined, fn: (cache: ViewCache) => T) =>
    at?.atCursor === undefined ? views.read(ids, fn) : atCursor.read(ids, at.atCursor, fn);
  const node = (cache: ViewCache, type: EntityModel, id: string, at: Perspective | undefined) => {
    const values = cache.lossy(id, type, viewOptionsOf(at));
    return values === null ? null : entityNode(id, type, values, at);
  };
  const entityNode = (id: string, type: EntityModel, values: LossyView, at: Perspective | undefined) =>
    at === undefined
      ? { id, type, values, asOf: undefined }
      : { id, type, values, asOf: at.asOf, perspective: at };
  const isMember = (cache: ViewCache, type: EntityModel, id: string, at: Perspective | undefined) =>
    cache.isMember(id, type.collection, viewOptionsOf(at));
  const emptyValues = (type: EntityModel): LossyView =>
    Object.fromEntries(type.properties.map((p) => [p.name, p.type.list ? [] : null]));

  /**
   * Appends, then folds what was inserted into the loaded views, in arrival order. `newEntity`
   * names an entity these deltas create: nothing loaded takes its deltas, so it is installed
   * and its creation announced in the same step.
   */
  const append = async (deltas: readonly Delta[], writeOptions?: WriteOptions, newEntity?: string) => {
    const outcomes = await store.append(deltas, writeOptions);
    const inserted = new Set(outcomes.filter((o) => o.inserted).map((o) => o.id));
    await serially(() => {
      applyAndNotify(deltas.filter((d) => inserted.has(d.id)));
      if (newEntity === undefined) return;
      views.install(newEntity, deltas);
      listeners.notify(new Set([newEntity]));
    });
    return outcomes;
  };
  const write = (deltas: readonly Delta[], writeOptions?: WriteOptions) => append(deltas, writeOptions);

  return {
    cacheStats: () => views.stats(),
    entities: (type, ids, at) => read(ids, at, (cache) => ids.map((id) => node(cache, type, id, at))),

    referenced: (type, ids, at) =>
      read(ids, at, (cache) =>
        ids.map((id) => node(cache, type, id, at) ?? entityNode(id, type, emptyValues(type), at)),
      ),

    async members(type, at) {
      const ids = [...(await views.candidates(type.collection))];
      return read(ids, at, (cache) =>
        ids.flatMap((id) => (isMember(cache, type, id, at) ? (node(cache, type, id, at) ?? []) : [])),
      );
    },

    lossless: (entityId, at) => read([entityId], at, (cache) => cache.lossless(entityId, viewOptionsOf(at))),

    resolution: (type, entityId, property, at) =>
      read([entityId], at, (cache) => cache.resolution(entityId, type, property, viewOptionsOf(at))),

    async remove(type, entityId, defaults, authorize, written) {
      const visible = await views.read([entityId], (cache) => cache.visibleReferencing(entityId));
      const doomed = removalDeltas(type, entityId, visible);
      if (doomed.length === 0) return false;
      const build = createDeltaBuilder(defaults);
      const negations = doomed.map((delta) => build.negate(delta.id));
      await authorize?.(negations);
      const outcomes = await write(negations);
      written?.(outcomes);
      return true;
    },

    write,

    writeNew: (entityId, deltas, writeOptions) => append(deltas, writeOptions, entityId),

    ingest(entries) {
      return serially(async () => {
        const transactions = transactionsOf(entries);
        // Entities a batch brings in are loaded with its deltas already folded in, so applying
        // them changes nothing: they are reported with the first transaction that names them.
        const arriving = new Set<string>();
        let release = () => {};
        if (watchingEveryMember > 0) {
          const ids = referencedIds(entries.map((entry) => entry.delta));
          for (const id of ids) if (!views.isLoaded(id)) arriving.add(id);
          release = await views.hold(ids).catch((error: unknown) => {
            // The loaded views must stay current even if the new entities cannot be read now.
            options.logger.error({ err: error }, 'loading the entities a feed batch touches failed');
            arriving.clear();
            return () => {};
          });
        }
        try {
          for (const deltas of transactions) {
            views.apply(deltas, (changed) => {
              const arrived = referencedIds(deltas).filter((id) => arriving.delete(id));
              listeners.notify(arrived.length === 0 ? changed : new Set([...changed, ...arrived]));
            });
          }
        } finally {
          release();
        }
      });
    },

    watch: (listener) => listeners.add(listener),

    async changes(type, entityId, trust) {
      const at = trust === undefined ? undefined : { trust };
      const everyMember = entityId === null;
      const release = everyMember ? watchEveryMember() : await views.hold([entityId]);
      let off = () => {};
      const subscription = createEntityChanges({
        type,
        entityId,
        current: (id, membersOnly) =>
          views.peek(id, (cache) =>
            membersOnly && !isMember(cache, type, id, at) ? null : node(cache, type, id, at),
          ),
        queueLimit: options.subscriptionQueueLimit ?? 1000,
        onEnd: () => {
          off();
          release();
        },
      });
      off = listeners.add(subscription.onChange);
      return subscription.events;
    },
  };

  /** While any subscription watches every member, feed deltas load the entities they touch. */
  function watchEveryMember() {
    watchingEveryMember++;
    let released = false;
    return () => {
      if (!released) watchingEveryMember--;
      released = true;
    };
  }
}
