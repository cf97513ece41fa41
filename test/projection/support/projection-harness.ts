import { expect, vi } from 'vitest';
import type { Delta } from '../../../src/delta/delta.js';
import { createEngine } from '../../../src/engine/engine.js';
import { type OrderBy, pageEntities } from '../../../src/graphql/entity-page.js';
import { compileModel } from '../../../src/model/compile-model.js';
import type { EntityModel, Model } from '../../../src/model/model.js';
import { createEntityLists } from '../../../src/projection/entity-lists.js';
import {
  createProjectionMaintainer,
  type ProjectionMaintainer,
} from '../../../src/projection/projection-maintainer.js';
import { projectionOf } from '../../../src/projection/projection-shape.js';
import type { DeltaStore } from '../../../src/store/delta-store.js';
import type { ProjectionStore } from '../../../src/store/projection-store.js';

export const silentLogger = { info() {}, warn() {} };

/** `Item` (collection `item`): one property per column kind, a reference, a list and a custom resolver. */
export const itemModel = (extra: Record<string, unknown> = {}): Model =>
  compileModel([
    {
      file: 'item.ts',
      declarations: {
        name: 'Item',
        collection: 'item',
        properties: {
          name: { type: 'String' },
          rank: { type: 'Int', resolver: 'max' },
          score: { type: 'Float' },
          when: { type: 'DateTime' },
          flag: { type: 'Boolean' },
          tags: { type: '[String]' },
          owner: { type: 'Item' },
          blob: { type: 'JSON' },
          label: {
            type: 'String',
            dependsOn: ['name', 'rank'],
            resolver: ({ resolved }: { resolved: Record<string, unknown> }) =>
              resolved.name == null ? null : `${resolved.name}#${resolved.rank ?? '-'}`,
          },
          ...extra,
        },
      },
    },
  ]);

export const itemType = (model: Model) => model.entity('Item') as EntityModel;

export const projectionsOf = (store: DeltaStore): ProjectionStore => {
  if (!store.projections) throw new Error('this store has no projections');
  return store.projections;
};

export const startMaintainer = async (
  store: DeltaStore,
  model: Model,
  idleMs = 50,
): Promise<ProjectionMaintainer> => {
  const maintainer = createProjectionMaintainer({
    store,
    projections: projectionsOf(store),
    model,
    logger: silentLogger,
    idleMs,
    takeOverMs: 100,
  });
  await maintainer.start();
  return maintainer;
};

/**
 * Waits until the type's table is ready and has folded in every committed
 * delta. Counted, not compared with `head()`: the head stops below any open
 * transaction, so right after an append it can still be behind it.
 */
export const waitCaughtUp = async (store: DeltaStore, type: EntityModel, timeout = 30_000) => {
  const { tableName } = projectionOf(type);
  await vi.waitFor(
    async () => {
      const committed = await store.count();
      const checkpoint = await projectionsOf(store).checkpoint(tableName);
      if (!checkpoint?.ready) throw new Error(`${tableName} is not ready`);
      if (checkpoint.deltas < committed)
        throw new Error(`${checkpoint.deltas} of ${committed} deltas folded`);
    },
    { timeout, interval: 20 },
  );
};

/**
 * The table against the in-memory views of the whole log: the first 1,000 members in each order
 * (ids and values), `totalCount`, and the checkpoint's member and delta counts.
 */
export async function expectTableAgrees(
  store: DeltaStore,
  type: EntityModel,
  orders: readonly (OrderBy | null)[],
) {
  const engine = createEngine({ store, cacheEntities: 100_000, cacheBytes: 2 ** 40, logger: { error() {} } });
  const members = await engine.members(type);
  const lists = createEntityLists({ projections: projectionsOf(store), lastWrite: () => null });
  try {
    for (const orderBy of orders) {
      const args = { first: 1000, orderBy };
      const fromSql = await lists.page(type, args);
      const memory = pageEntities(members, type, args);
      const shape = (edges: typeof memory.edges) => edges.map((e) => [e.node.id, e.node.values]);
      expect(shape(fromSql?.edges ?? [])).toEqual(shape(memory.edges));
      expect(await fromSql?.totalCount()).toBe(members.length);
    }
  } finally {
    await lists.stop();
  }
  const checkpoint = await projectionsOf(store).checkpoint(projectionOf(type).tableName);
  expect(checkpoint?.members).toBe(members.length);
  expect(checkpoint?.deltas).toBe(await store.count());
}

/** The `i`th write of a steady stream about 1,500 example people: a name and an age. */
export const personDeltas = (i: number): Delta[] => [
  {
    id: `n${i}`,
    creator: 'test',
    host: 'test',
    timeCreated: 1000 + (i % 17),
    pointers: [
      { localContext: 'person', target: { id: `p${i % 1500}` }, targetContext: 'name' },
      { localContext: 'name', target: `name ${i % 101}` },
    ],
  },
  {
    id: `a${i}`,
    creator: 'test',
    host: 'test',
    timeCreated: 1000 + (i % 13),
    pointers: [
      { localContext: 'person', target: { id: `p${i % 1500}` }, targetContext: 'age' },
      { localContext: 'age', target: i % 90 },
    ],
  },
];
