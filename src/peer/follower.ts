import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import { createBackoff } from '../feed/backoff.js';
import type { DeltaStore } from '../store/delta-store.js';
import { encodeCursor } from '../store/feed-cursor.js';
import { fetchPage, type Page } from './fetch-page.js';
import { openLiveFeed } from './live-feed.js';
import { httpUrlOf } from './peer-address.js';
import type { PeerState, PeerStatus } from './peer-status.js';
import { deltaOfWire, type WireEdge } from './peer-wire.js';
import { storeBatch } from './store-batch.js';

/** Before the first delta of a peer's feed: `deltaAdded(after: null)` would mean "only new ones". */
const FEED_START = encodeCursor({ txid: 0n, position: 0n });

export interface FollowerOptions {
  /** The peer's WebSocket URL, e.g. `ws://node-a:4000/graphql`; also the key of its stored cursor. */
  readonly url: string;
  readonly token: string | undefined;
  readonly engine: Pick<Engine, 'write'>;
  readonly store: Pick<DeltaStore, 'getMany' | 'peerCursor'>;
  readonly logger: Logger;
  /** @default { initialMs: 100, maxMs: 5000 } */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
}

export interface Follower {
  readonly status: PeerStatus;
  /** Ends the loop: closes the socket, aborts a page in flight, and waits for a batch being stored. */
  stop(): Promise<void>;
}

/**
 * Follows one peer (docs/design.md §7) in one async loop, whose states are in
 * peer-status.ts: read the stored cursor, catch up over HTTP, go live over
 * graphql-ws; on any failure back off and start over from the stored cursor.
 * Each batch and its cursor are stored in one transaction, so whatever
 * happens, nothing is skipped or applied twice.
 */
export function startFollower(options: FollowerOptions): Follower {
  const { url, token, engine, store, logger } = options;
  const httpUrl = httpUrlOf(url);
  const backoff = createBackoff(options.backoff);
  const abort = new AbortController();
  let status: PeerStatus = {
    url,
    state: 'idle',
    connected: false,
    cursor: null,
    lagMs: null,
    lastError: null,
    quarantined: 0,
  };
  let closeLive: (() => void) | undefined;
  let wakeSleep: (() => void) | undefined;

  const update = (change: Partial<PeerStatus>) => {
    status = { ...status, ...change };
  };
  const enter = (state: PeerState, error?: unknown) => {
    if (status.state === state) return;
    const lastError = error === undefined ? status.lastError : describe(error);
    logger.info(
      { peer: url, from: status.state, to: state, ...(error !== undefined ? { error: lastError } : {}) },
      'peer state',
    );
    update({ state, lastError, ...(state !== 'live' && state !== 'catching-up' && { connected: false }) });
  };

  const apply = async (edges: readonly WireEdge[]) => {
    const last = edges.at(-1);
    if (last === undefined || abort.signal.aborted) return;
    const deltas = edges.map((edge) => deltaOfWire(edge.node));
    const quarantined = await storeBatch(deltas, { engine, store, peer: url, cursor: last.cursor });
    for (const { local, remote } of quarantined) {
      logger.warn({ peer: url, id: remote.id, local, remote }, 'delta quarantined: same id, other content');
    }
    const newest = deltas.reduce((max, d) => Math.max(max, d.timeCreated), Number.NEGATIVE_INFINITY);
    update({
      cursor: last.cursor,
      lagMs: Math.max(0, Date.now() - newest),
      quarantined: status.quarantined + quarantined.length,
    });
    backoff.reset();
  };

  /** Pages until the peer has no more, fetching the next page while the current one is stored. */
  const catchUp = async (from: string): Promise<string> => {
    const page = (after: string) => fetchPage({ httpUrl, token, after, signal: abort.signal });
    let cursor = from;
    let pending: Promise<Page> = page(cursor);
    for (;;) {
      const current = await pending;
      update({ connected: true });
      const last = current.edges.at(-1);
      if (current.hasNextPage && last !== undefined) {
        pending = page(last.cursor);
        pending.catch(() => undefined); // seen when awaited; not unhandled if storing fails first
      }
      await apply(current.edges);
      if (last !== undefined) cursor = last.cursor;
      if (!current.hasNextPage || last === undefined) return cursor;
    }
  };

  const followLive = async (after: string) => {
    const live = openLiveFeed({ wsUrl: url, token, after, onConnected: () => update({ connected: true }) });
    closeLive = live.close;
    try {
      while (!abort.signal.aborted) await apply(await live.next());
    } finally {
      live.close();
      closeLive = undefined;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        const stored = await store.peerCursor(url);
        update({ cursor: stored });
        enter('catching-up');
        const caughtUp = await catchUp(stored ?? FEED_START);
        if (abort.signal.aborted) break;
        enter('live');
        await followLive(caughtUp);
      } catch (error) {
        if (abort.signal.aborted) break;
        enter('backing-off', error);
        await sleep(backoff.next());
      }
    }
    enter('stopped');
  };
  const running = loop();

  return {
    get status() {
      return status;
    },
    async stop() {
      abort.abort();
      closeLive?.();
      wakeSleep?.();
      await running;
    },
  };
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
