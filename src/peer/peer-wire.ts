import { toDateTimeMillis } from '../delta/date-time.js';
import type { Delta } from '../delta/delta.js';
import type { DeltaDefaults } from '../delta/delta-defaults.js';
import { valueTarget } from '../delta/json-value.js';
import { parseDelta } from '../delta/parse-delta.js';

/** The delta fields a follower reads from a peer, as the peer's GraphQL API (docs/design.md §4) gives them. */
const DELTA_FIELDS = 'id creator host timeCreated pointers { localContext entity value targetContext }';

/** Catch-up: one page of the peer's feed over HTTP. 1000 is the most `deltas` gives at once. */
export const PAGE_QUERY = `query PeerPage($after: String) {
  deltas(first: 1000, after: $after) { edges { cursor node { ${DELTA_FIELDS} } } pageInfo { hasNextPage } }
}`;

/** Live: every delta after the cursor, then new ones as they commit. */
export const LIVE_SUBSCRIPTION = `subscription PeerLive($after: String) {
  deltaAdded(after: $after) { cursor node { ${DELTA_FIELDS} } }
}`;

interface WirePointer {
  readonly localContext: string;
  readonly entity: string | null;
  readonly value: unknown;
  readonly targetContext: string | null;
}

export interface WireDelta {
  readonly id: string;
  readonly creator: string;
  readonly host: string;
  readonly timeCreated: string;
  readonly pointers: readonly WirePointer[];
}

/** One delta of the peer's feed and the peer's cursor for it. */
export interface WireEdge {
  readonly cursor: string;
  readonly node: WireDelta;
}

/** A delta from a peer carries all its fields; one missing is the peer's fault, never filled in here. */
const noDefaults: DeltaDefaults = {
  creator: '',
  host: '',
  now: () => {
    throw new Error('a delta from a peer must carry its timeCreated');
  },
  newId: () => {
    throw new Error('a delta from a peer must carry its id');
  },
};

/**
 * The delta a peer sent, validated like any other input: a peer is trusted
 * to relay deltas, not to bypass the rules of a delta (docs/design.md §1).
 */
export const deltaOfWire = (node: WireDelta): Delta =>
  parseDelta(
    {
      id: node.id,
      creator: node.creator,
      host: node.host,
      // The API gives ISO 8601 (docs/design.md §4), exact to the millisecond.
      timeCreated: toDateTimeMillis(node.timeCreated) ?? node.timeCreated,
      pointers: node.pointers.map((p) => ({
        localContext: p.localContext,
        // Objects and arrays travel wrapped, as stored (`{ "json": … }`, docs/design.md §1).
        target: p.entity === null ? valueTarget(p.value) : { id: p.entity },
        targetContext: p.targetContext,
      })),
    },
    noDefaults,
    `Delta "${node.id}" from the peer`,
  );
