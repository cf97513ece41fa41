import DataLoader from 'dataloader';
import type { Delta } from '../delta/delta.js';
import { createDeltaDefaults, type DeltaDefaults } from '../delta/delta-defaults.js';
import { parseStoredText } from '../delta/parse-text.js';

/**
 * Per-request state, built once per operation: who is asking, the defaults
 * every delta it writes gets, and the request's batch loaders.
 */
export interface GraphQLContext {
  readonly creator: string;
  /** Creator, this node as host, the clock and fresh ids, for every delta the request writes. */
  readonly defaults: DeltaDefaults;
  /** Negations of a delta, batched per request. */
  readonly negationsOf: DataLoader<string, Delta[]>;
}

export interface RequestContextOptions {
  readonly creator: string;
  /** This node's id, the `host` of the deltas it accepts. */
  readonly nodeId: string;
  /** The deltas that negate each of these delta ids (each list in any order), in one round trip. */
  negators(deltaIds: readonly string[]): Promise<Delta[][]>;
}

/** Throws `BAD_USER_INPUT` for a creator Postgres could not store, before anything runs. */
export function createRequestContext(options: RequestContextOptions): GraphQLContext {
  const creator = parseStoredText(options.creator, 'creator');
  return {
    creator,
    defaults: createDeltaDefaults({ creator, host: options.nodeId }),
    negationsOf: new DataLoader((ids) => options.negators(ids)),
  };
}
