import { vi } from 'vitest';
import { compileModel } from '../../../src/model/compile-model.js';
import type { EntityModel, Model } from '../../../src/model/model.js';
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
