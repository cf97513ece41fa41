import type { Model } from '../model/model.js';
import type { DeltaStore } from '../store/delta-store.js';
import { createEntityLists, type EntityLists } from './entity-lists.js';
import { createProjectionMaintainer, type MaintainerLogger } from './projection-maintainer.js';
import { markingWrites, type WriteMarks } from './write-marks.js';

export interface Projections {
  /** The store for the rest of the app: it marks this instance's writes for read-your-writes. */
  readonly store: DeltaStore;
  /** Absent when the store has no projection tables (test doubles). */
  readonly lists: EntityLists | undefined;
  setModel(model: Model): void;
  stop(): Promise<void>;
}

export interface StartProjectionsOptions {
  readonly store: DeltaStore;
  readonly model: Model;
  readonly logger: MaintainerLogger;
  /** Where this instance's writes went; outlives a restart of the server. */
  readonly marks: WriteMarks;
}

/**
 * Starts this instance's part in the projections (docs/design.md §8): it
 * competes for the maintainer lock, and answers lists from the tables.
 * Always on: there is no setting.
 */
export async function startProjections(options: StartProjectionsOptions): Promise<Projections> {
  const { marks } = options;
  const store = markingWrites(options.store, marks);
  const tables = options.store.projections;
  if (!tables) return { store, lists: undefined, setModel() {}, async stop() {} };
  const maintainer = createProjectionMaintainer({
    store: options.store,
    projections: tables,
    model: options.model,
    logger: options.logger,
  });
  await maintainer.start();
  const lists = createEntityLists({ projections: tables, lastWrite: marks.last });
  return {
    store,
    lists,
    setModel: (model) => maintainer.setModel(model),
    async stop() {
      await maintainer.stop();
      await lists.stop();
    },
  };
}
