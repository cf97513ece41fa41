import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Delta, Pointer } from '../../src/delta/delta.js';
import type { DeltaStore, FeedEntry } from '../../src/store/delta-store.js';
import type { FeedCursor } from '../../src/store/feed-cursor.js';

/** What each backend's test file hands the shared suite. */
export interface ContractSubject {
  /** A store on a migrated database of this file's own. */
  readonly store: DeltaStore;
  /** Another store instance on the same database (the same one where a backend allows only one). */
  readonly peer: DeltaStore;
  /** Runs one statement of raw SQL on the same database, outside the store. */
  raw(text: string): Promise<unknown>;
}

/** Ids unique to one test, so tests share a database without seeing each other's deltas. */
export const scope = () => {
  const tag = randomUUID().slice(0, 8);
  return { id: (name: string) => `${tag}:${name}`, creator: `creator-${tag}` };
};

export const setName = (
  id: string,
  entity: string,
  name: string,
  creator: string,
  timeCreated = 1_000,
): Delta => ({
  id,
  creator,
  host: 'node-a',
  timeCreated,
  pointers: [
    { localContext: 'person', target: { id: entity }, targetContext: 'name' },
    { localContext: 'name', target: name },
  ],
});

export const pointers = (...list: Pointer[]) => list;

/**
 * Waits until no committed delta is held back from the feed. Other test files
 * write to other databases of the same cluster, and the snapshot horizon is
 * cluster-wide, so their open transactions can briefly hold ours back.
 */
export const settled = async (store: DeltaStore) => {
  while (await store.heldBack?.(null)) await delay(5);
};

/**
 * The head once every delta committed so far is readable: head() stops below
 * the oldest open transaction anywhere in the cluster (another test file's,
 * say), so a head taken earlier may come before deltas of earlier tests.
 */
export const settledHead = async (store: DeltaStore) => {
  await settled(store);
  return store.head();
};

export const lastCursor = (entries: readonly FeedEntry[]): FeedCursor | null =>
  entries.at(-1)?.cursor ?? null;

/** Resolves on the next wake after it is created. */
export const nextWake = (register: (wake: () => void) => void) =>
  new Promise<void>((resolve) => register(resolve));
