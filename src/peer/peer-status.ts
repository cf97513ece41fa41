/**
 * A follower's states (docs/design.md §7), one loop per peer:
 *
 *   idle → catching-up → live → backing-off → catching-up → … → stopped
 *
 * - catching-up: paging the peer's feed over HTTP from the stored cursor.
 * - live: subscribed to `deltaAdded(after)`, storing what arrives in batches.
 * - backing-off: the peer failed (down, slow, refused, partitioned); waiting
 *   a capped, jittered delay before catching up again from the stored cursor.
 * - stopped: the node is shutting down; nothing more is stored.
 */
export type PeerState = 'idle' | 'catching-up' | 'live' | 'backing-off' | 'stopped';

/** What `rhizomeNode.peers` shows of one followed peer. */
export interface PeerStatus {
  readonly url: string;
  readonly state: PeerState;
  /** True while the peer answers (a page arrived, or the live socket is acknowledged). */
  readonly connected: boolean;
  /** The peer's cursor this node has stored everything up to; null before the first batch. */
  readonly cursor: string | null;
  /** For the latest batch stored: when it was stored minus the newest `timeCreated` in it. */
  readonly lagMs: number | null;
  readonly lastError: string | null;
  /** Deltas from this peer put aside in quarantine since start. */
  readonly quarantined: number;
}
