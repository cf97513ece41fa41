import fc from 'fast-check';
import { expect, it, vi } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createProjectionMaintainer } from '../../src/projection/projection-maintainer.js';
import { projectionOf } from '../../src/projection/projection-shape.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import type { MaintainerSession, ProjectionStore } from '../../src/store/projection-store.js';
import { arbitrarySteps, toBatches } from './support/arbitrary-workload.js';
import {
  expectTableAgrees,
  itemModel,
  itemType,
  projectionsOf,
  silentLogger,
  waitCaughtUp,
} from './support/projection-harness.js';

/** Every member, in id order, by rank and by the custom resolver's label. */
const ORDERS = [null, { field: 'rank', direction: 'DESC' as const }, { field: 'label' }];

/** A maintainer with tiny build chunks, so that a small log still takes many chunks. */
const maintainerOn = (store: DeltaStore, projections: ProjectionStore, model: ReturnType<typeof itemModel>) =>
  createProjectionMaintainer({
    store,
    projections,
    model,
    logger: silentLogger,
    idleMs: 50,
    takeOverMs: 20,
    buildChunk: 2,
  });

/**
 * The build from the log, for one driver: a table of a new shape over a log
 * that already holds negations, negations of negations and transactions in
 * pieces equals the in-memory views; deltas that arrive while it builds are
 * folded after it; and a build that dies part-way never shows as ready and is
 * built again by the next session.
 */
export function describeBuildAgrees(
  open: () => Promise<DeltaStore>,
  { numRuns, crash }: { numRuns: number; crash: boolean },
) {
  it('builds a table over an existing log that equals the in-memory views', async () => {
    const store = await open();
    // A build over an empty log has nothing to read (it returns at once), so no run may start on one:
    // a first `before` of only a negation with nothing to negate appends no delta.
    await store.append([
      {
        id: 'log-not-empty',
        creator: 'test',
        host: 'test',
        timeCreated: 0,
        pointers: [{ localContext: 'note', target: 'x' }],
      },
    ]);
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(arbitrarySteps, arbitrarySteps, async (before, during) => {
          const run = runs++;
          for (const batch of toBatches(`b${run}`, before)) await store.append(batch);
          // A property of its own per run: a new shape, so a new table built from the whole log.
          const model = itemModel({ [`extra${run}`]: { type: 'String' } });
          const type = itemType(model);
          // Deltas committed after the build took its horizon, while it reads candidates.
          let late: Promise<unknown> | undefined;
          const real = projectionsOf(store);
          const watched: ProjectionStore = {
            ...real,
            candidates: async (context) => {
              late ??= (async () => {
                for (const batch of toBatches(`d${run}`, during)) await store.append(batch);
              })();
              await late;
              return real.candidates(context);
            },
          };
          const maintainer = maintainerOn(store, watched, model);
          await maintainer.start();
          try {
            await waitCaughtUp(store, type);
            expect(late).toBeDefined();
            await expectTableAgrees(store, type, ORDERS);
          } finally {
            await maintainer.stop();
          }
        }),
        { numRuns },
      );
    } finally {
      await store.close();
    }
  }, 240_000);

  // The crash path is the maintainer's, the same on every driver; one driver covers it.
  it.runIf(crash)(
    'a build that dies part-way is never ready, and the next session builds it again',
    async () => {
      const store = await open();
      try {
        const workload = fc.sample(arbitrarySteps, { numRuns: 8, seed: 11 }).flat();
        for (const batch of toBatches('k', workload)) await store.append(batch);
        const extra: Delta[] = Array.from({ length: 40 }, (_, i) => ({
          id: `k-extra-${i}`,
          creator: 'test',
          host: 'test',
          timeCreated: i,
          pointers: [
            { localContext: 'item', target: { id: `k${i}` }, targetContext: 'rank' },
            { localContext: 'rank', target: i % 7 },
          ],
        }));
        await store.append(extra);
        const model = itemModel({ crashed: { type: 'Int' } });
        const type = itemType(model);
        const { tableName } = projectionOf(type);
        const real = projectionsOf(store);
        // The first session's connection dies at its fourth chunk; later sessions work.
        let sessions = 0;
        let chunks = 0;
        const readiness: boolean[] = [];
        const projections: ProjectionStore = {
          ...real,
          openSession: async () => {
            const session = await real.openSession();
            const first = ++sessions === 1;
            const wrapped: MaintainerSession = {
              ...session,
              batch: async (work) => {
                readiness.push((await real.checkpoint(tableName))?.ready === true);
                if (first && ++chunks === 5) {
                  await session.close();
                  throw new Error('connection lost');
                }
                return session.batch(work);
              },
            };
            return wrapped;
          },
        };
        const maintainer = maintainerOn(store, projections, model);
        await maintainer.start();
        try {
          await vi.waitFor(() => expect(sessions).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
          await waitCaughtUp(store, type);
        } finally {
          await maintainer.stop();
        }
        // Not ready in any batch of the killed session, nor before the build's end in the next.
        expect(readiness.slice(0, 5)).toEqual([false, false, false, false, false]);
        await expectTableAgrees(store, type, ORDERS);
      } finally {
        await store.close();
      }
    },
    60_000,
  );
}
