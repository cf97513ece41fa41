import { LRUCache } from 'lru-cache';
import { RhizomeError } from '../errors.js';
import type { EntityModel } from '../model/model.js';
import type { ChangeListener } from './change-listeners.js';
import type { EntityNode } from './entity-node.js';
import { createEventQueue } from './event-queue.js';

/** How many entities' last emitted state one subscription keeps, to skip repeats. */
const REMEMBERED_STATES = 10_000;

export interface EntityChangesOptions {
  readonly type: EntityModel;
  /** One entity, or null for every member of the type. */
  readonly entityId: string | null;
  /**
   * The current view of a loaded entity (undefined when not loaded); with
   * `membersOnly`, null unless it is a member of the type.
   */
  readonly current: (entityId: string, membersOnly: boolean) => EntityNode | null | undefined;
  /** Most events waiting for a slow reader before the subscription is ended. */
  readonly queueLimit: number;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd: () => void;
}

export interface EntityChanges {
  /** Attach to the engine's change listeners. */
  readonly onChange: ChangeListener;
  /** The new state after each change that alters it; rejects with `RATE_LIMITED` if the reader falls behind. */
  readonly events: AsyncIterableIterator<EntityNode>;
}

/**
 * One `<type>Changed` subscription: turns view changes into the entity states
 * a subscriber has not seen yet. Delivery is the subscriber's alone: its queue
 * is bounded, and overflowing it ends this subscription, never the caller.
 */
export function createEntityChanges(options: EntityChangesOptions): EntityChanges {
  const { entityId, current } = options;
  const everyMember = entityId === null;
  // Watching every entity must not remember every entity: forget the least recently changed.
  const last = new LRUCache<string, string>({ max: REMEMBERED_STATES });
  const queue = createEventQueue<EntityNode>({
    limit: options.queueLimit,
    overflow: () =>
      new RhizomeError(
        'RATE_LIMITED',
        `This ${options.type.name} subscription fell more than ${options.queueLimit} events behind and was ended; subscribe again and re-read the current state.`,
        { details: { queueLimit: options.queueLimit } },
      ),
    onEnd: options.onEnd,
  });

  if (entityId !== null) {
    const seen = current(entityId, false);
    if (seen) last.set(entityId, JSON.stringify(seen.values));
  }

  const onChange: ChangeListener = (ids) => {
    for (const changed of everyMember ? ids : ids.has(entityId) ? [entityId] : []) {
      const node = current(changed, everyMember);
      if (!node) continue;
      const snapshot = JSON.stringify(node.values);
      if (last.get(changed) === snapshot) continue;
      last.set(changed, snapshot);
      queue.push(node);
    }
  };

  return { onChange, events: queue.events };
}
