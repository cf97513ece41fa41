import DataLoader from 'dataloader';
import type { AccessControl, AccessPolicy } from '../auth/access-control.js';
import type { Identity } from '../auth/principal.js';
import type { Delta } from '../delta/delta.js';
import { createDeltaDefaults, type DeltaDefaults } from '../delta/delta-defaults.js';
import { parseStoredText } from '../delta/parse-text.js';
import { createWriteCursor, type WriteCursor } from './write-cursor.js';

/**
 * Per-request state, built once per operation: who is asking, the defaults
 * every delta it writes gets, and the request's batch loaders.
 */
export interface GraphQLContext {
  readonly creator: string;
  readonly identity: Identity;
  /** The rule checks for this caller (everything allowed while auth is off). */
  readonly access: AccessControl;
  /** Creator, this node as host, the clock and fresh ids, for every delta the request writes. */
  readonly defaults: DeltaDefaults;
  /** Negations of a delta, batched per request. */
  readonly negationsOf: DataLoader<string, Delta[]>;
  /** Where the operation's last written delta sits in the feed: `extensions.cursor`. */
  readonly writes: WriteCursor;
}

export interface RequestContextOptions {
  readonly identity: Identity;
  /** This node's id, the `host` of the deltas it accepts. */
  readonly nodeId: string;
  readonly policy: AccessPolicy;
  /** The deltas that negate each of these delta ids (each list in any order), in one round trip. */
  negators(deltaIds: readonly string[]): Promise<Delta[][]>;
  /** Stored deltas by id. */
  getMany(ids: readonly string[]): Promise<Delta[]>;
}

/** Throws `BAD_USER_INPUT` for a creator Postgres could not store, before anything runs. */
export function createRequestContext(options: RequestContextOptions): GraphQLContext {
  const creator = parseStoredText(options.identity.creator, 'creator');
  const defaults = createDeltaDefaults({ creator, host: options.nodeId });
  return {
    creator,
    identity: options.identity,
    access: options.policy({ identity: options.identity, now: defaults.now, getMany: options.getMany }),
    defaults,
    negationsOf: new DataLoader((ids) => options.negators(ids)),
    writes: createWriteCursor(),
  };
}
