import type { Delta } from '../delta/delta.js';
import { loadClosures } from '../engine/load-closures.js';
import type { DeltaStore } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import type { MaintainerSession, ProjectionStore } from '../store/projection-store.js';
import type { TypeProjection } from './projection-shape.js';
import { type ResolveFailure, resolveRows } from './resolve-rows.js';

export interface TableBuildOptions {
  readonly store: Pick<DeltaStore, 'head'>;
  readonly projections: ProjectionStore;
  readonly session: MaintainerSession;
  readonly projection: TypeProjection;
  readonly onFailure: ResolveFailure;
  /**
   * The maintainer's ids of negated deltas (projection-maintainer.ts). The build adds every
   * negation up to its horizon before it loads a closure, and asks only for these deltas' negations.
   */
  readonly negated: Set<string>;
  /** Candidate members loaded, resolved and written per transaction. @default 2000 */
  readonly chunkSize?: number;
}

/** One build from the log in progress; it lives as long as the maintainer's session. */
export interface TableBuild {
  readonly horizon: FeedCursor;
  /** Writes the next chunk of rows; after the last, sets the checkpoint to the horizon and resolves `true`. */
  step(): Promise<boolean>;
}

/**
 * Builds a projection table that is not ready and still at the start of the
 * log (docs/design.md §8), set-based rather than by folding the feed:
 *
 * 1. Takes the horizon: the last feed entry that can be read now. Every entry
 *    up to it is committed, so everything read afterwards covers it.
 * 2. Empties the table (rows of a build that was killed go) and drops its
 *    secondary indexes; reads the type's candidate members (every entity
 *    referenced with its collection), and the ids of negated deltas.
 * 3. Per chunk of candidates: loads their closures in one or two queries,
 *    resolves them with the pure views (`resolveRows`) and inserts the
 *    members' rows in one transaction. The next chunk's closures load, and
 *    the last chunk's rows are written, while this one resolves.
 * 4. Creates the indexes and moves the checkpoint from the start to the
 *    horizon, still not ready; the incremental fold then takes the table to
 *    the end of the log and marks it ready.
 *
 * Entities are resolved from the log as it is when their chunk loads, which
 * may be past the horizon; any entry after the horizon that changes an
 * entity is folded again after step 4, and re-resolving is idempotent. A
 * build killed before step 4 leaves the checkpoint at the start, so the next
 * maintainer builds again from step 1; the table is never ready half-built.
 * Returns `null` when the log is empty: there is nothing to build.
 */
export async function startTableBuild(options: TableBuildOptions): Promise<TableBuild | null> {
  const { store, projections, session, projection, onFailure, negated } = options;
  const chunkSize = options.chunkSize ?? 2000;
  const horizon = await store.head();
  if (horizon === null) return null;
  await session.batch((batch) => batch.clear(projection));
  await projections.tidyIndex();
  const [candidates, negatedIds] = await Promise.all([
    projections.candidates(projection.type.collection),
    projections.negatedIds(),
  ]);
  for (const id of negatedIds) negated.add(id);
  const reader = { byEntities: (ids: readonly string[]) => projections.referencing(ids) };
  const load = (from: number) => {
    const loading = loadClosures(reader, candidates.slice(from, from + chunkSize), { negated });
    loading.catch(() => undefined); // awaited by the next step; a build abandoned meanwhile drops it
    return loading;
  };
  let next = 0;
  let pending: Promise<Map<string, Delta[]>> | undefined = candidates.length > 0 ? load(0) : undefined;
  let writing: Promise<void> = Promise.resolve();

  return {
    horizon,
    async step() {
      if (pending === undefined) {
        await writing;
        await session.batch(async (batch) => {
          await batch.index(projection);
          await batch.settle(projection, horizon);
        });
        return true;
      }
      const closures = await pending;
      next += chunkSize;
      pending = next < candidates.length ? load(next) : undefined;
      const { upserts } = resolveRows([projection], closures, onFailure).get(projection.tableName) ?? {
        upserts: [],
      };
      // One chunk's write in flight at most: it bounds the rows held, and a failed write stops the
      // build at the next step, before anything else is written.
      await writing;
      writing = session.batch((batch) => batch.insert(projection, upserts));
      writing.catch(() => undefined); // awaited by the next step; a build abandoned meanwhile drops it
      return false;
    },
  };
}
