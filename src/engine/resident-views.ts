import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { Delta } from '../delta/delta.js';
import type { DeltaStore } from '../store/delta-store.js';
import { createViewCache } from '../views/create-view-cache.js';
import type { ViewCache } from '../views/views.js';
import { createAppliedLog } from './applied-log.js';
import { deltaBytes, entityBytes } from './delta-bytes.js';
import { loadClosures } from './load-closures.js';
import { createMemberCandidates } from './member-candidates.js';

export interface ResidentViewsOptions {
  readonly store: Pick<DeltaStore, 'byEntities' | 'referencedAs'>;
  /** Most entities kept loaded that nothing holds. */
  readonly maxEntities: number;
  /** Most estimated heap bytes (see delta-bytes) of the entities kept loaded that nothing holds. */
  readonly maxBytes: number;
}

/**
 * The entity views held in memory, loaded from the store on demand. An entity
 * is either held (a read in progress, a subscription watching it) and then
 * never evicted, or resident in an LRU bounded by entity count and estimated
 * bytes. Every read goes through `read` or `peek`, so no caller can reach an
 * entity that is not loaded: that holds by construction, not by timing.
 */
export interface ResidentViews {
  /**
   * Loads the entities that are not loaded and holds them all until the
   * returned release is called. A failed load (the store's error) holds nothing.
   */
  hold(entityIds: readonly string[]): Promise<() => void>;
  /** Runs `read` on the cache with these entities loaded; they may be evicted only after it returns. */
  read<T>(entityIds: readonly string[], read: (cache: ViewCache) => T): Promise<T>;
  isLoaded(entityId: string): boolean;
  /** Runs `read` if the entity is loaded now; undefined otherwise. Never loads. */
  peek<T>(entityId: string, read: (cache: ViewCache) => T): T | undefined;
  /**
   * Folds deltas into the loaded views and hands the ids whose views changed
   * to `changed` before anything can be evicted for their growth.
   */
  apply(deltas: readonly Delta[], changed: (entityIds: ReadonlySet<string>) => void): void;
  /** Installs the view of a just-minted entity from its first deltas, unless it is loaded already. */
  install(entityId: string, deltas: readonly Delta[]): void;
  /** Candidate members of a collection (docs/design.md §2: lists hold members only). */
  candidates(collection: string): Promise<ReadonlySet<string>>;
  /** Loaded entities, held or not. */
  readonly size: number;
  /** Figures for metrics: loaded entities, their estimated bytes, and reads that found an entity loaded or not. */
  stats(): CacheStats;
}

export interface CacheStats {
  readonly entities: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

export function createResidentViews(options: ResidentViewsOptions): ResidentViews {
  const { store } = options;
  const cache = createViewCache();
  const weights = new Map<string, number>();
  const holds = new Map<string, number>();
  let hits = 0;
  let misses = 0;
  const appliedDuringLoads = createAppliedLog();
  const members = createMemberCandidates((collection) => store.referencedAs(collection), appliedDuringLoads);

  const drop = (entityId: string) => {
    cache.evict(entityId);
    weights.delete(entityId);
  };
  // Unheld entities only: holding one takes it out (reason 'delete'), which must not evict it.
  const resident = new LRUCache<string, number>({
    max: Math.max(1, options.maxEntities),
    maxSize: Math.max(1, options.maxBytes),
    sizeCalculation: (bytes) => bytes,
    dispose: (_bytes, entityId, reason) => {
      if (reason === 'evict' && !holds.has(entityId)) drop(entityId);
    },
  });
  /**
   * Takes a newly held entity out of the LRU. lru-cache clears itself when its
   * last entry is deleted, writing every slot of its `max`-long arrays (100,000
   * by default): with one entity resident, every read of it paid that (the
   * profile of `bench:api`'s `person(id)` put 11% of the server's time there).
   * Popping the only entry frees just its slot; dispose sees it held and keeps it.
   */
  const unpark = (entityId: string) => {
    if (resident.size === 1 && resident.has(entityId)) resident.pop();
    else resident.delete(entityId);
  };
  /** Puts an unheld loaded entity in the LRU; one bigger than the whole budget is dropped at once. */
  const park = (entityId: string) => {
    const bytes = Math.max(1, Math.ceil(weights.get(entityId) ?? entityBytes()));
    resident.set(entityId, bytes);
    if (!resident.has(entityId)) drop(entityId);
  };

  const loader = new DataLoader<string, true>(
    async (entityIds) => {
      const mark = appliedDuringLoads.begin();
      try {
        const missing = entityIds.filter((id) => !cache.isLoaded(id));
        for (const [id, deltas] of await loadClosures(store, missing)) {
          cache.load(id, deltas);
          weights.set(
            id,
            deltas.reduce((sum, delta) => sum + deltaBytes(delta), entityBytes()),
          );
        }
        for (const delta of appliedDuringLoads.since(mark)) cache.apply(delta);
      } finally {
        appliedDuringLoads.end(mark);
      }
      return entityIds.map(() => true as const);
    },
    { cache: false, maxBatchSize: 500 },
  );

  const release = (entityIds: readonly string[]) => {
    for (const id of entityIds) {
      const count = (holds.get(id) ?? 1) - 1;
      if (count > 0) holds.set(id, count);
      else {
        holds.delete(id);
        if (cache.isLoaded(id)) park(id);
      }
    }
  };

  const hold = async (entityIds: readonly string[]) => {
    const ids = [...new Set(entityIds)];
    for (const id of ids) {
      if (cache.isLoaded(id)) hits++;
      else misses++;
      holds.set(id, (holds.get(id) ?? 0) + 1);
      unpark(id);
    }
    try {
      // Each load rejects with the store's error, so a failed load never looks like an empty entity.
      await Promise.all(ids.filter((id) => !cache.isLoaded(id)).map((id) => loader.load(id)));
    } catch (error) {
      release(ids);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(ids);
    };
  };

  return {
    hold,
    async read(entityIds, read) {
      const letGo = await hold(entityIds);
      try {
        return read(cache);
      } finally {
        letGo();
      }
    },
    isLoaded: (entityId) => cache.isLoaded(entityId),
    peek: (entityId, read) => (cache.isLoaded(entityId) ? read(cache) : undefined),
    apply(deltas, changed) {
      const ids = new Set<string>();
      const grown = new Map<string, number>();
      for (const delta of deltas) {
        appliedDuringLoads.record(delta);
        members.note(delta);
        for (const id of cache.apply(delta)) {
          ids.add(id);
          grown.set(id, (grown.get(id) ?? 0) + deltaBytes(delta));
        }
      }
      changed(ids);
      for (const [id, bytes] of grown) {
        weights.set(id, (weights.get(id) ?? entityBytes()) + bytes);
        if (!holds.has(id) && cache.isLoaded(id)) park(id);
      }
    },
    install(entityId, deltas) {
      if (cache.isLoaded(entityId)) return;
      cache.load(entityId, deltas);
      weights.set(
        entityId,
        deltas.reduce((sum, delta) => sum + deltaBytes(delta), entityBytes()),
      );
      if (!holds.has(entityId)) park(entityId);
    },
    candidates: (collection) => members.of(collection),
    get size() {
      return cache.size;
    },
    stats() {
      let bytes = 0;
      for (const weight of weights.values()) bytes += weight;
      return { entities: cache.size, bytes: Math.round(bytes), hits, misses };
    },
  };
}
