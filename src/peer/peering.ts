import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import type { DeltaStore } from '../store/delta-store.js';
import { type Follower, startFollower } from './follower.js';
import type { PeerStatus } from './peer-status.js';

export interface PeeringOptions {
  /** WebSocket URLs of the peers to follow. */
  readonly peers: readonly string[];
  /** Sent as `authorization: Bearer …` to every peer. */
  readonly token: string | undefined;
  readonly engine: Pick<Engine, 'write'>;
  readonly store: Pick<DeltaStore, 'getMany' | 'peerCursor'>;
  readonly logger: Logger;
}

export interface Peering {
  /** Starts one follower per peer; returns at once (local writes never wait for peers). */
  start(): void;
  status(): PeerStatus[];
  stop(): Promise<void>;
}

/** The followers of one node (docs/design.md §7): pull-only, one independent loop per peer. */
export function createPeering(options: PeeringOptions): Peering {
  let followers: Follower[] = [];
  return {
    start() {
      const unique = [...new Set(options.peers)];
      followers = unique.map((url) => startFollower({ ...options, url }));
    },
    status: () => followers.map((follower) => follower.status),
    async stop() {
      const stopping = followers;
      followers = [];
      await Promise.all(stopping.map((follower) => follower.stop()));
    },
  };
}
