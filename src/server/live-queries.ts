import { useLiveQuery } from '@envelop/live-query';
import { InMemoryLiveQueryStore } from '@n1ru4l/in-memory-live-query-store';
import type { Plugin } from 'graphql-yoga';
import { createTouchedTypes, type TouchedTypes } from '../auth/touched-types.js';
import { isEntityRef } from '../delta/delta.js';
import { isSystemContext } from '../delta/system-context.js';
import type { Model } from '../model/model.js';
import { lowerCamel } from '../model/names.js';
import type { FeedEntry } from '../store/delta-store.js';
import { compareCursors, type FeedCursor } from '../store/feed-cursor.js';

/**
 * `@live` queries (docs/design.md §4): re-executed when, and only when, the
 * feed changes something they read. A query's resource identifiers are the
 * entities it resolved (`entity:<id>`, from every `id` field), the entities it
 * asked for by id (`Query.person(id:"…")`, also when the answer was null) and
 * its root lists (`Query.people`). Changes come from the engine (the loaded
 * entities a step changed, negations included) and from the feed (every
 * entity a batch names, and the lists of every type it touches), so writes on
 * any instance and deltas from peers count alike. Lists are answered from the
 * projection, so a list is invalidated again once the projection has passed
 * the change. Invalidations are gathered and flushed once per turn of the
 * event loop, so a burst re-executes each query once. Nothing polls.
 */
export interface LiveQueries {
  readonly plugin: Plugin;
  /** Loaded entities whose views one engine step changed. */
  changed(entityIds: ReadonlySet<string>): void;
  /** A feed batch the engine has applied. */
  fed(entries: readonly FeedEntry[]): void;
  /** The projection's checkpoint has reached this cursor. */
  projected(cursor: FeedCursor): void;
  setModel(model: Model): void;
}

export function createLiveQueries(model: Model): LiveQueries {
  const store = new InMemoryLiveQueryStore({
    // Ids are entity ids whatever type reads them: a Person and a Company may be one entity.
    buildResourceIdentifier: ({ id }) => `entity:${id}`,
  });
  let current = model;
  let touchedTypes: TouchedTypes = createTouchedTypes(model);
  let pending = new Set<string>();
  let flushing = false;
  /** Lists changed at a cursor the projection has not reached yet, by root field. */
  const listsAwaiting = new Map<string, FeedCursor>();

  const flush = () => {
    flushing = false;
    const identifiers = [...pending];
    pending = new Set();
    if (identifiers.length > 0) void store.invalidate(identifiers);
  };
  const invalidate = (identifier: string) => {
    pending.add(identifier);
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };
  const entity = (id: string) => {
    invalidate(`entity:${id}`);
    for (const type of current.entities) invalidate(`Query.${lowerCamel(type.name)}(id:"${id}")`);
  };
  const list = (field: string, cursor: FeedCursor) => {
    invalidate(field);
    const waiting = listsAwaiting.get(field);
    if (waiting === undefined || compareCursors(waiting, cursor) < 0) listsAwaiting.set(field, cursor);
  };

  return {
    plugin: useLiveQuery({ liveQueryStore: store }) as Plugin,
    changed(entityIds) {
      for (const id of entityIds) entity(id);
    },
    fed(entries) {
      const last = entries.at(-1);
      if (!last) return;
      invalidate('Query.deltas');
      let negates = false;
      for (const { delta } of entries) {
        for (const pointer of delta.pointers) {
          if (!isEntityRef(pointer.target)) continue;
          if (isSystemContext(pointer.localContext)) negates = true;
          else entity(pointer.target.id);
        }
        for (const type of touchedTypes(delta)) list(`Query.${lowerCamel(type.plural)}`, last.cursor);
      }
      // A negation (or a transaction completing) can change any list: its own pointers name no type.
      if (negates) for (const type of current.entities) list(`Query.${lowerCamel(type.plural)}`, last.cursor);
    },
    projected(cursor) {
      for (const [field, waiting] of listsAwaiting) {
        if (compareCursors(cursor, waiting) < 0) continue;
        listsAwaiting.delete(field);
        invalidate(field);
      }
    },
    setModel(model) {
      current = model;
      touchedTypes = createTouchedTypes(model);
    },
  };
}
