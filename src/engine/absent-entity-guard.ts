import { RhizomeError } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import type { AppendGuard } from '../store/delta-store.js';
import { createViewCache } from '../views/create-view-cache.js';
import { loadClosures } from './load-closures.js';

/**
 * Lets an append through only while no `type` with this id exists, judged in
 * the append's own transaction under a lock per id, so of concurrent creates
 * with one id (on any number of instances) exactly one succeeds. Existence is
 * the views' rule (docs/design.md §2), applied to the closure as committed now,
 * not to this instance's cache, which may lag behind another instance.
 */
export const absentEntityGuard = (type: EntityModel, entityId: string): AppendGuard => ({
  key: `rhizome:create:${entityId}`,
  async check(reads) {
    const closures = await loadClosures(reads, [entityId]);
    const view = createViewCache();
    view.load(entityId, closures.get(entityId) ?? []);
    if (view.lossy(entityId, type) !== null) throw alreadyExists(type, entityId);
  },
});

/** The `CONFLICT` of creating an entity that exists. */
export const alreadyExists = (type: EntityModel, entityId: string): RhizomeError =>
  new RhizomeError(
    'CONFLICT',
    `${type.name} "${entityId}" already exists; use update${type.name} to change it.`,
    {
      details: { id: entityId },
    },
  );
