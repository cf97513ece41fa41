import { RhizomeError } from '../errors.js';
import type { DeltaStore } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import { createViewCache } from '../views/create-view-cache.js';
import type { ViewCache } from '../views/views.js';
import { loadClosures } from './load-closures.js';
import { waitUntilSettled } from './settle-cursor.js';

export interface CursorReadsOptions {
  readonly store: Pick<DeltaStore, 'byEntitiesAt' | 'cursorState'>;
  /** How long a read waits for older transactions to end before the cursor's view is final. @default 5000 */
  readonly settleMs?: number;
}

/** Reads at a feed position: fresh views, never the resident cache. */
export interface CursorReads {
  read<T>(entityIds: readonly string[], cursor: FeedCursor, read: (cache: ViewCache) => T): Promise<T>;
}

const unsupported = () =>
  new RhizomeError('INTERNAL_SERVER_ERROR', 'this store cannot read at a feed position');

/**
 * `atCursor` reads (docs/design.md §9). The view at a cursor is built from the
 * deltas at or before it, loaded for this read into a view cache of its own,
 * so it costs a closure load per read and never disturbs the resident views.
 * It is final once every transaction up to the cursor's has ended: until then
 * an older transaction could still commit deltas before it, so the read waits
 * (briefly: it is a mutation's own cursor, read at once) for the horizon.
 */
export function createCursorReads(options: CursorReadsOptions): CursorReads {
  const { store } = options;
  const settleMs = options.settleMs ?? 5000;

  const settle = async (cursor: FeedCursor): Promise<void> => {
    if (!store.cursorState) throw unsupported();
    const standing = await waitUntilSettled(store.cursorState, cursor, settleMs);
    if (standing === 'unissued') {
      throw new RhizomeError(
        'BAD_USER_INPUT',
        'atCursor is beyond the end of the feed; pass a cursor Rhizome returned (a mutation’s or a delta edge’s).',
        { details: { argument: 'atCursor' } },
      );
    }
    if (standing === 'open') {
      throw new RhizomeError(
        'SERVICE_UNAVAILABLE',
        'A transaction older than atCursor is still open, so the view at it is not final yet; retry shortly.',
      );
    }
  };

  return {
    async read(entityIds, cursor, read) {
      const byEntitiesAt = store.byEntitiesAt;
      if (!byEntitiesAt) throw unsupported();
      await settle(cursor);
      const closures = await loadClosures({ byEntities: (ids) => byEntitiesAt(ids, cursor) }, entityIds);
      const cache = createViewCache();
      for (const [id, deltas] of closures) cache.load(id, deltas);
      return read(cache);
    },
  };
}
