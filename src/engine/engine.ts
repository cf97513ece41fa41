import DataLoader from 'dataloader';
import { createDeltaBuilder } from '../delta/build-delta.js';
import type { Delta } from '../delta/delta.js';
import { isEntityRef } from '../delta/delta.js';
import type { DeltaDefaults } from '../delta/delta-defaults.js';
import type { EntityModel } from '../model/model.js';
import type { AppendOptions, AppendOutcome, DeltaStore, FeedEntry } from '../store/delta-store.js';
import { createViewCache } from '../views/create-view-cache.js';
import type { LosslessView, LossyView } from '../views/views.js';
import { createAppliedLog } from './applied-log.js';
import { loadClosures } from './load-closures.js';
import { createMemberCandidates } from './member-candidates.js';
import { removalDeltas } from './removal-deltas.js';

/** A resolved entity as GraphQL sees it: the lossy view of one type, at one time. */
export interface EntityNode {
  readonly id: string;
  readonly type: EntityModel;
  readonly values: LossyView;
  readonly asOf: number | undefined;
}

export interface EngineOptions {
  readonly store: DeltaStore;
  /** Most entity views kept in memory; entities pinned by subscriptions are never evicted. */
  readonly cacheEntities: number;
}

export type ChangeListener = (entityIds: ReadonlySet<string>) => void;

/**
 * Reads entities through the view cache, writes deltas through the store, and
 * keeps the cache current from the delta feed. Every view change, local or
 * from the feed, is applied in one sequence so listeners see a single order.
 */
export interface Engine {
  entities(type: EntityModel, ids: readonly string[], asOf?: number): Promise<(EntityNode | null)[]>;
  /** Like `entities` but never null: a referenced entity with no properties yet resolves to empty values. */
  referenced(type: EntityModel, ids: readonly string[], asOf?: number): Promise<EntityNode[]>;
  /** Every member of the type (DESIGN.md §2: lists hold members only). */
  members(type: EntityModel, asOf?: number): Promise<EntityNode[]>;
  lossless(entityId: string, asOf?: number): Promise<LosslessView>;
  /**
   * Appends atomically (with the store's append options) and applies the new
   * deltas locally before resolving (read-your-writes). Resolves with the
   * store's outcomes: a re-submit's carries the delta as stored.
   */
  write(deltas: readonly Delta[], options?: AppendOptions): Promise<AppendOutcome[]>;
  /**
   * Writes the first deltas of an entity whose id the server just minted, so
   * nothing else can speak of it yet: its view is installed from these deltas
   * without reading them back.
   */
  writeNew(entityId: string, deltas: readonly Delta[]): Promise<void>;
  /** Applies feed entries in order; deltas already applied are ignored. */
  ingest(entries: readonly FeedEntry[]): Promise<void>;
  onChange(listener: ChangeListener): () => void;
  /** How many change listeners (entity subscriptions) have ever been attached; only grows. */
  readonly listenersAttached: number;
  /**
   * The current view of a loaded entity (undefined when not loaded), for change
   * listeners; with `membersOnly`, null unless it is a member, as in lists.
   */
  current(type: EntityModel, entityId: string, membersOnly?: boolean): EntityNode | null | undefined;
  /**
   * Negates every visible delta that makes the entity one of this type; false when there was none.
   * `authorize` sees the negations before they are stored, and may refuse them by throwing.
   */
  remove(
    type: EntityModel,
    entityId: string,
    defaults: DeltaDefaults,
    authorize?: (negations: readonly Delta[]) => Promise<void>,
  ): Promise<boolean>;
  /** Keeps an entity loaded and current while a subscription watches it. */
  pin(entityId: string): Promise<() => void>;
  /** While any holder watches every entity, deltas from the feed load the entities they touch. */
  watchAll(): () => void;
}

export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const cache = createViewCache();
  const touched = new Map<string, true>();
  const pins = new Map<string, number>();
  const listeners = new Set<ChangeListener>();
  let watchers = 0;
  let listenersAttached = 0;
  const appliedDuringLoads = createAppliedLog();
  const candidates = createMemberCandidates(
    (collection) => store.referencedAs(collection),
    appliedDuringLoads,
  );
  let sequence: Promise<void> = Promise.resolve();

  /** Runs view-changing work one step at a time, in arrival order. */
  const serially = (work: () => Promise<void> | void): Promise<void> => {
    const next = sequence.then(work);
    sequence = next.catch(() => undefined);
    return next;
  };

  const notify = (ids: ReadonlySet<string>) => {
    if (ids.size === 0) return;
    for (const listener of listeners) listener(ids);
  };

  const applyAll = (deltas: readonly Delta[]): Set<string> => {
    const changed = new Set<string>();
    for (const delta of deltas) {
      appliedDuringLoads.record(delta);
      candidates.note(delta);
      for (const id of cache.apply(delta)) changed.add(id);
    }
    return changed;
  };

  const touch = (id: string) => {
    touched.delete(id);
    touched.set(id, true);
  };

  const evictBeyondLimit = () => {
    if (cache.size <= options.cacheEntities) return;
    for (const id of touched.keys()) {
      if (cache.size <= options.cacheEntities) break;
      if (pins.has(id)) continue;
      touched.delete(id);
      cache.evict(id);
    }
  };

  const loader = new DataLoader<string, true>(
    async (ids) => {
      const mark = appliedDuringLoads.begin();
      try {
        const missing = ids.filter((id) => !cache.isLoaded(id));
        const closures = await loadClosures(store, missing);
        for (const [id, deltas] of closures) cache.load(id, deltas);
        for (const delta of appliedDuringLoads.since(mark)) cache.apply(delta);
      } finally {
        appliedDuringLoads.end(mark);
      }
      for (const id of ids) touch(id);
      evictBeyondLimit();
      return ids.map(() => true as const);
    },
    { cache: false, maxBatchSize: 500 },
  );

  const ensureLoaded = async (ids: readonly string[]) => {
    const missing = ids.filter((id) => !cache.isLoaded(id));
    for (const id of ids) if (cache.isLoaded(id)) touch(id);
    if (missing.length > 0) await loader.loadMany([...new Set(missing)]);
  };

  const node = (type: EntityModel, id: string, asOf: number | undefined): EntityNode | null => {
    const values = cache.lossy(id, type, asOf === undefined ? undefined : { asOf });
    return values === null ? null : { id, type, values, asOf };
  };

  const isMember = (type: EntityModel, id: string, asOf: number | undefined) =>
    cache.isMember(id, type.collection, asOf === undefined ? undefined : { asOf });

  const emptyValues = (type: EntityModel): LossyView =>
    Object.fromEntries(type.properties.map((p) => [p.name, p.type.list ? [] : null]));

  return {
    async entities(type, ids, asOf) {
      await ensureLoaded(ids);
      return ids.map((id) => node(type, id, asOf));
    },

    async referenced(type, ids, asOf) {
      await ensureLoaded(ids);
      return ids.map((id) => node(type, id, asOf) ?? { id, type, values: emptyValues(type), asOf });
    },

    async members(type, asOf) {
      const ids = [...(await candidates.of(type.collection))];
      await ensureLoaded(ids);
      const members: EntityNode[] = [];
      for (const id of ids) {
        const found = isMember(type, id, asOf) ? node(type, id, asOf) : null;
        if (found) members.push(found);
      }
      return members;
    },

    async lossless(entityId, asOf) {
      await ensureLoaded([entityId]);
      return cache.lossless(entityId, asOf === undefined ? undefined : { asOf });
    },

    current(type, entityId, membersOnly = false) {
      if (!cache.isLoaded(entityId)) return undefined;
      if (membersOnly && !isMember(type, entityId, undefined)) return null;
      return node(type, entityId, undefined);
    },

    async remove(type, entityId, defaults, authorize) {
      await ensureLoaded([entityId]);
      const doomed = removalDeltas(type, entityId, cache.visibleReferencing(entityId));
      if (doomed.length === 0) return false;
      const build = createDeltaBuilder(defaults);
      const negations = doomed.map((delta) => build.negate(delta.id));
      await authorize?.(negations);
      await this.write(negations);
      return true;
    },

    async write(deltas, appendOptions) {
      const outcomes = await store.append(deltas, appendOptions);
      const inserted = new Set(outcomes.filter((o) => o.inserted).map((o) => o.id));
      await serially(() => notify(applyAll(deltas.filter((d) => inserted.has(d.id)))));
      return outcomes;
    },

    async writeNew(entityId, deltas) {
      await this.write(deltas);
      if (!cache.isLoaded(entityId)) {
        cache.load(entityId, deltas);
        touch(entityId);
        evictBeyondLimit();
      }
    },

    ingest(entries) {
      return serially(async () => {
        if (watchers > 0) await ensureLoaded(referencedIds(entries.map((entry) => entry.delta)));
        // Listeners hear once per committed transaction: its deltas became visible together.
        let start = 0;
        for (let i = 1; i <= entries.length; i++) {
          if (i < entries.length && entries[i]?.cursor.txid === entries[start]?.cursor.txid) continue;
          notify(applyAll(entries.slice(start, i).map((entry) => entry.delta)));
          start = i;
        }
      });
    },

    onChange(listener) {
      listeners.add(listener);
      listenersAttached++;
      return () => listeners.delete(listener);
    },

    get listenersAttached() {
      return listenersAttached;
    },

    async pin(entityId) {
      pins.set(entityId, (pins.get(entityId) ?? 0) + 1);
      await ensureLoaded([entityId]);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const count = (pins.get(entityId) ?? 1) - 1;
        if (count > 0) pins.set(entityId, count);
        else pins.delete(entityId);
      };
    },

    watchAll() {
      watchers++;
      let released = false;
      return () => {
        if (!released) watchers--;
        released = true;
      };
    },
  };
}

function referencedIds(deltas: readonly Delta[]): string[] {
  const ids = new Set<string>();
  for (const delta of deltas) {
    for (const pointer of delta.pointers) {
      if (isEntityRef(pointer.target) && !pointer.localContext.startsWith('_')) ids.add(pointer.target.id);
    }
  }
  return [...ids];
}
