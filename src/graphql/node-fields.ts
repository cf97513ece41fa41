import type { Builder } from './builder.js';

/** One followed peer as `rhizomeNode.peers` shows it (docs/design.md §7). */
export interface PeerView {
  readonly url: string;
  readonly state: string;
  readonly connected: boolean;
  readonly cursor: string | null;
  readonly lagMs: number | null;
  readonly lastError: string | null;
  readonly quarantined: number;
}

/** What the node reports about itself; the app supplies it. */
export interface NodeInfo {
  readonly id: string;
  peers(): readonly PeerView[];
}

/** `rhizomeNode { id peers { url connected cursor lagMs lastError } }`. */
export function defineNodeFields(builder: Builder, node: NodeInfo | undefined) {
  const PeerRef = builder.objectRef<PeerView>('Peer').implement({
    description: 'A peer this node follows.',
    fields: (t) => ({
      url: t.exposeString('url'),
      state: t.exposeString('state', {
        description: 'idle, catching-up, live, backing-off or stopped.',
      }),
      connected: t.exposeBoolean('connected'),
      cursor: t.exposeString('cursor', {
        nullable: true,
        description: "The peer's feed cursor this node has stored everything up to.",
      }),
      lagMs: t.exposeFloat('lagMs', {
        nullable: true,
        description: 'For the latest batch stored from this peer: stored at minus its newest timeCreated.',
      }),
      lastError: t.exposeString('lastError', { nullable: true }),
      quarantined: t.exposeInt('quarantined', {
        description: 'Deltas from this peer put aside as conflicts since this node started.',
      }),
    }),
  });
  const NodeRef = builder.objectRef<NodeInfo>('RhizomeNode').implement({
    description: 'This node and the peers it follows.',
    fields: (t) => ({
      id: t.exposeString('id'),
      peers: t.field({ type: [PeerRef], resolve: (info) => [...info.peers()] }),
    }),
  });
  builder.queryField('rhizomeNode', (t) =>
    t.field({
      type: NodeRef,
      resolve: () => node ?? { id: '', peers: () => [] },
    }),
  );
}
