import { timeOrderedId } from './time-ordered-id.js';

/** What the server fills in when a client omits a delta's optional fields (docs/design.md §1). */
export interface DeltaDefaults {
  /** Creator of deltas that do not name one (the authenticated principal, or `anonymous`). */
  readonly creator: string;
  /** The configured node id; a delta that carries a host (imported from a peer) keeps it. */
  readonly host: string;
  /** Milliseconds since the epoch, for deltas without `timeCreated`. */
  now(): number;
  /** A fresh, globally unique delta id. */
  newId(): string;
}

export interface DeltaDefaultsOptions {
  /** @default 'anonymous' */
  readonly creator?: string;
  /** The node id, e.g. `'node-a'`. */
  readonly host: string;
}

/**
 * Defaults backed by the wall clock and UUIDv7, whose time-ordered ids keep
 * the store's id index append-friendly.
 *
 * @example createDeltaDefaults({ creator: 'alice', host: 'node-a' })
 */
export const createDeltaDefaults = ({
  creator = 'anonymous',
  host,
}: DeltaDefaultsOptions): DeltaDefaults => ({
  creator,
  host,
  now: Date.now,
  newId: timeOrderedId,
});
