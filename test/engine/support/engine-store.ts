import type { Delta } from '../../../src/delta/delta.js';
import { isEntityRef } from '../../../src/delta/delta.js';
import { createEngine, type Engine, type EngineOptions } from '../../../src/engine/engine.js';
import { RhizomeError } from '../../../src/errors.js';
import { compileModel } from '../../../src/model/compile-model.js';
import type { EntityModel } from '../../../src/model/model.js';
import type { FeedEntry } from '../../../src/store/delta-store.js';
import type { FeedCursor } from '../../../src/store/feed-cursor.js';
import { createMemoryStore, type MemoryStore } from '../../support/memory-store.js';

/**
 * The feed tests' in-memory store with the reads the engine makes
 * (`byEntities`, `referencedAs`), counted, and a switch that makes them fail
 * as a store does when the database is gone.
 */
export interface EngineStore extends MemoryStore {
  readsFail: boolean;
  /** `byEntities` calls so far. */
  readonly entityReads: number;
  /** Feed entries after `after`, as another instance's feed would read them. */
  entriesAfter(after: FeedCursor | null): Promise<FeedEntry[]>;
}

const ALL = Number.MAX_SAFE_INTEGER;

export function createEngineStore(): EngineStore {
  const base = createMemoryStore();
  let entityReads = 0;
  const deltas = async () => (await base.since(null, ALL)).map((entry) => entry.delta);
  const check = () => {
    if (store.readsFail)
      throw new RhizomeError('SERVICE_UNAVAILABLE', 'The database is unavailable; retry later.');
  };
  const store: EngineStore = Object.assign(base, {
    readsFail: false,
    get entityReads() {
      return entityReads;
    },
    async byEntities(ids: readonly string[]) {
      entityReads++;
      check();
      const wanted = new Set(ids);
      return (await deltas()).filter((delta) =>
        delta.pointers.some((p) => isEntityRef(p.target) && wanted.has(p.target.id)),
      );
    },
    async referencedAs(localContext: string) {
      check();
      const ids = new Set<string>();
      for (const delta of await deltas()) {
        for (const p of delta.pointers)
          if (p.localContext === localContext && isEntityRef(p.target)) ids.add(p.target.id);
      }
      return [...ids];
    },
    entriesAfter: (after: FeedCursor | null) => base.since(after, ALL),
  });
  return store;
}

export interface LoggedError {
  readonly err: unknown;
  readonly message: string;
}

/** An engine on `store` whose logged errors land in `errors`. */
export function engineOn(
  store: EngineStore,
  options: Partial<Omit<EngineOptions, 'store' | 'logger'>> = {},
): { engine: Engine; errors: LoggedError[] } {
  const errors: LoggedError[] = [];
  const engine = createEngine({
    store,
    cacheEntities: 1_000,
    cacheBytes: 1 << 30,
    logger: { error: (details, message) => errors.push({ err: details.err, message }) },
    ...options,
  });
  return { engine, errors };
}

/** `{ person → entity (targetContext property), property: value }`, with an explicit id. */
export const setProperty = (
  id: string,
  entity: string,
  property: string,
  value: Delta['pointers'][number]['target'],
): Delta => ({
  id,
  creator: 'test',
  host: 'test',
  timeCreated: 1,
  pointers: [
    { localContext: 'person', target: { id: entity }, targetContext: property },
    { localContext: property, target: value },
  ],
});

/** A `Person` (collection `person`) whose `label` resolver throws for the name "boom". */
export const person: EntityModel = compileModel([
  {
    file: 'person.ts',
    declarations: {
      name: 'Person',
      plural: 'People',
      properties: {
        name: { type: 'String' },
        age: { type: 'Int', resolver: 'max' },
        label: {
          type: 'String',
          dependsOn: ['name'],
          resolver: ({ resolved }: { resolved: Record<string, unknown> }) => {
            if (resolved.name === 'boom') throw new Error('this resolver cannot take a boom');
            return resolved.name ?? null;
          },
        },
      },
    },
  },
]).entity('Person') as EntityModel;
