import type { ProjectionCheckpoint, ProjectionStore } from '../store/projection-store.js';
import { createWakeup } from './wakeup.js';

/**
 * The projection checkpoints a list reads, kept in memory between the
 * maintainers' announcements (docs/design.md §8). Every batch that moves a
 * checkpoint (or makes a table ready) NOTIFYs when it commits, so a checkpoint
 * read since the last announcement is still the current one, and a list costs
 * one query instead of two. The age limit covers a LISTEN that was cut off
 * without our knowing: then lists are at most that much later than the table.
 */
export interface CheckpointCache {
  /** The table's checkpoint; `fresh` reads it from the database whatever is in memory. */
  get(tableName: string, fresh?: boolean): Promise<ProjectionCheckpoint | undefined>;
  /** Resolves on the next announcement, or after `ms`. */
  next(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** How long a checkpoint is trusted without an announcement having been heard since. */
const MAX_AGE_MS = 1000;

export function createCheckpointCache(projections: ProjectionStore): CheckpointCache {
  const known = new Map<string, { readonly checkpoint: ProjectionCheckpoint; readonly at: number }>();
  const announcement = createWakeup();
  // Bumped by every announcement: a read that started before one may hold what it replaced.
  let generation = 0;
  let heard = false;
  const announced = () => {
    generation += 1;
    known.clear();
    announcement.wake();
  };
  // Without a LISTEN (it failed) nothing is kept, and waiting still works on its timeout.
  let listening: Promise<{ unlisten(): Promise<void> } | undefined> | undefined;
  const listen = () => {
    listening ??= projections.listen(announced).then(
      (handle) => {
        heard = true;
        return handle;
      },
      () => undefined,
    );
  };

  return {
    async get(tableName, fresh = false) {
      listen();
      const hit = known.get(tableName);
      if (!fresh && hit && Date.now() - hit.at < MAX_AGE_MS) return hit.checkpoint;
      // Kept only when no announcement can have slipped past: LISTEN held before the read began.
      const started = heard ? generation : -1;
      const at = Date.now();
      const checkpoint = await projections.checkpoint(tableName);
      if (checkpoint && started === generation) known.set(tableName, { checkpoint, at });
      else known.delete(tableName);
      return checkpoint;
    },
    next(ms) {
      listen();
      return announcement.wait(ms);
    },
    async stop() {
      announcement.wake();
      await (await listening)?.unlisten();
    },
  };
}
