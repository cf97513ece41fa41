import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { pageEntities } from '../../src/graphql/entity-page.js';
import { createEntityLists } from '../../src/projection/entity-lists.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { arbitraryFirst, arbitraryOrderBy, arbitraryWhere } from './support/arbitrary-query.js';
import { arbitrarySteps, toBatches } from './support/arbitrary-workload.js';
import {
  itemModel,
  itemType,
  projectionsOf,
  startMaintainer,
  waitCaughtUp,
} from './support/projection-harness.js';

/**
 * The agreement property, for one driver: after any workload, every list query
 * answered from the projection table equals the in-memory answer page by page
 * (ids, values, cursors, hasNextPage, totalCount).
 */
export function describeListsAgree(open: () => Promise<DeltaStore>) {
  it('answers every list query as the in-memory views do', async () => {
    const store = await open();
    const model = itemModel();
    const type = itemType(model);
    const maintainer = await startMaintainer(store, model);
    const lists = createEntityLists({ projections: projectionsOf(store), lastWrite: () => null });
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          arbitrarySteps,
          fc.array(fc.tuple(arbitraryWhere, arbitraryOrderBy, arbitraryFirst), {
            minLength: 1,
            maxLength: 6,
          }),
          async (steps, queries) => {
            for (const batch of toBatches(`r${runs++}`, steps)) await store.append(batch);
            await waitCaughtUp(store, type);
            const engine = createEngine({
              store,
              cacheEntities: 100_000,
              cacheBytes: 2 ** 40,
              logger: { error() {} },
            });
            const members = await engine.members(type);
            for (const [where, orderBy, first] of queries) {
              let after: string | null = null;
              for (let pages = 0; pages < 40; pages++) {
                const args = { first, after, where, orderBy };
                const fromSql = await lists.page(type, args);
                expect(fromSql).not.toBeNull();
                const sqlPage = fromSql as NonNullable<typeof fromSql>;
                const memory = pageEntities(members, type, args);
                const shape = (edges: typeof memory.edges) =>
                  edges.map((e) => ({ cursor: e.cursor, id: e.node.id, values: e.node.values }));
                expect(shape(sqlPage.edges)).toEqual(shape(memory.edges));
                expect(sqlPage.hasNextPage).toBe(memory.hasNextPage);
                expect(await sqlPage.totalCount()).toBe(memory.totalCount);
                if (!memory.hasNextPage || first === 0) break;
                after = memory.edges.at(-1)?.cursor ?? null;
              }
            }
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await maintainer.stop();
      await lists.stop();
      await store.close();
    }
  }, 240_000);
}
