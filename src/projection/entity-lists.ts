import type { EntityNode } from '../engine/engine.js';
import { RhizomeError } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import { compareCursors } from '../store/feed-cursor.js';
import type { ProjectionCheckpoint, ProjectionStore } from '../store/projection-store.js';
import { createCheckpointCache } from './checkpoint-cache.js';
import { decodeEntityCursor, entityEdge } from './entity-cursor.js';
import { columnValue, projectionOf, type TypeProjection } from './projection-shape.js';
import { type Where, whereCondition } from './where-condition.js';

export interface ListArgs {
  readonly first: number;
  readonly after?: string | null;
  readonly where?: Where | null;
  readonly orderBy?: { readonly field: string; readonly direction?: 'ASC' | 'DESC' | null } | null;
}

export interface ListPage {
  readonly edges: readonly { readonly cursor: string; readonly node: EntityNode }[];
  readonly hasNextPage: boolean;
  /** Counted only when asked for: unfiltered from the checkpoint row, filtered by one count query. */
  readonly totalCount: () => Promise<number>;
}

export interface EntityListsOptions {
  readonly projections: ProjectionStore;
  /** Where this instance's latest write sits in the feed (see write-marks.ts). */
  readonly lastWrite: () => FeedCursor | null;
  /** How long a list waits for the projection to pass this instance's last write. @default 5000 */
  readonly readYourWritesMs?: number;
}

export interface EntityLists {
  /** A page from the type's projection table, or null when no table of this shape is ready (use the log). */
  page(type: EntityModel, args: ListArgs): Promise<ListPage | null>;
  stop(): Promise<void>;
}

/** How often a waiting list re-reads the checkpoint if no announcement arrives. */
const RECHECK_MS = 100;

/**
 * Answers live lists from the projection tables (docs/design.md §8) with
 * read-your-writes: a list waits until the table's checkpoint has passed the
 * latest delta this instance wrote, whichever instance maintains it. Nodes
 * come from the rows, so a page always agrees with its own order.
 */
export function createEntityLists(options: EntityListsOptions): EntityLists {
  const { projections } = options;
  const waitMs = options.readYourWritesMs ?? 5000;
  const shapes = new WeakMap<EntityModel, TypeProjection>();
  const checkpoints = createCheckpointCache(projections);

  const projectionFor = (type: EntityModel) => {
    let projection = shapes.get(type);
    if (!projection) {
      projection = projectionOf(type);
      shapes.set(type, projection);
    }
    return projection;
  };

  const caughtUp = async (tableName: string): Promise<ProjectionCheckpoint | undefined> => {
    const wanted = options.lastWrite();
    const deadline = Date.now() + waitMs;
    for (let fresh = false; ; fresh = true) {
      const checkpoint = await checkpoints.get(tableName, fresh);
      if (!checkpoint?.ready) return undefined;
      if (wanted === null || compareCursors(checkpoint.cursor, wanted) >= 0) return checkpoint;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new RhizomeError(
          'SERVICE_UNAVAILABLE',
          'The list is not yet up to date with this instance’s last write; retry shortly.',
        );
      }
      await checkpoints.next(Math.min(RECHECK_MS, left));
    }
  };

  return {
    async page(type, args) {
      const projection = projectionFor(type);
      const checkpoint = await caughtUp(projection.tableName);
      if (!checkpoint) return null;
      const field = args.orderBy?.field ?? 'id';
      const column = field === 'id' ? undefined : projection.byProperty.get(field);
      const kind = column?.kind ?? 'text';
      let after = null;
      if (args.after != null) {
        const [key, id] = decodeEntityCursor(args.after);
        after = { key: columnValue(kind, key), id };
      }
      const where = whereCondition(args.where, projection);
      const query = {
        where,
        orderBy: column?.name ?? 'id',
        descending: args.orderBy?.direction === 'DESC',
        after,
        limit: args.first + 1,
      };
      let rows: Awaited<ReturnType<ProjectionStore['page']>>;
      try {
        rows = await projections.page(projection, query);
      } catch (error) {
        // A rebuild retired this table between the checkpoint read and the page: use the log.
        if (!(await checkpoints.get(projection.tableName, true))) return null;
        throw error;
      }
      return {
        edges: rows.slice(0, args.first).map((row) =>
          entityEdge(row.key, row.id, {
            id: row.id,
            type,
            values: row.view as EntityNode['values'],
            asOf: undefined,
          }),
        ),
        hasNextPage: rows.length > args.first,
        // Read afresh: a kept checkpoint may predate the rows just read (checkpoint-cache.ts).
        totalCount: async () =>
          where.op === 'true'
            ? ((await checkpoints.get(projection.tableName, true)) ?? checkpoint).members
            : projections.count(projection, where),
      };
    },
    stop: () => checkpoints.stop(),
  };
}
