import type { Delta } from '../../src/delta/delta.js';
import type { DeltaStore, FeedEntry, Listening, WakeListener } from '../../src/store/delta-store.js';
import { compareCursors, type FeedCursor } from '../../src/store/feed-cursor.js';

/**
 * An in-memory model of the parts of the store the feed relies on: rows carry
 * `(txid, position)`, positions are taken before commit, and `since` shows
 * only rows of transactions below the oldest one still open (the xmin guard).
 * It lets the feed's own logic be driven through interleavings and faults
 * that are slow or awkward to stage on a real server; the Postgres tests
 * cover the real thing.
 */
export interface MemoryStore extends DeltaStore {
  begin(): MemoryTransaction;
  /** Makes `since`, `head` and `listen` reject until set back. */
  failing: boolean;
  /** The next `since` never answers (a connection whose packets vanish). */
  hangNextRead: boolean;
  /** The next `listen` never answers. */
  hangNextListen: boolean;
  /** Silently stops delivering wake-ups to current listeners (a LISTEN lost unseen). */
  loseListeners(): void;
  readonly listenCalls: number;
}

export interface MemoryTransaction {
  write(delta: Delta): void;
  commit(): void;
  rollback(): void;
}

const unavailable = () => Promise.reject(new Error('not modelled by the memory store'));

export function createMemoryStore(): MemoryStore {
  const rows: FeedEntry[] = [];
  const open = new Set<bigint>();
  let nextTxid = 1n;
  let nextPosition = 1n;
  let wakers = new Set<WakeListener>();
  let listenCalls = 0;

  // Math.min does not take bigints.
  const xmin = () => {
    let min = nextTxid;
    for (const txid of open) if (txid < min) min = txid;
    return min;
  };
  const visible = () => rows.filter((row) => row.cursor.txid < xmin());
  const notify = () => {
    for (const wake of wakers) setImmediate(wake);
  };
  const guard = () => {
    if (store.failing) throw new Error('connection refused');
  };

  const store: MemoryStore = {
    failing: false,
    hangNextRead: false,
    hangNextListen: false,
    get listenCalls() {
      return listenCalls;
    },
    begin() {
      const txid = nextTxid++;
      open.add(txid);
      const pending: FeedEntry[] = [];
      return {
        write(delta) {
          pending.push({ cursor: { txid, position: nextPosition++ }, delta });
        },
        commit() {
          open.delete(txid);
          rows.push(...pending);
          rows.sort((a, b) => compareCursors(a.cursor, b.cursor));
          notify();
        },
        rollback() {
          open.delete(txid);
        },
      };
    },
    loseListeners() {
      wakers = new Set();
    },
    async since(after, limit) {
      guard();
      if (store.hangNextRead) {
        store.hangNextRead = false;
        return new Promise<never>(() => {});
      }
      return visible()
        .filter((row) => compareCursors(row.cursor, after) > 0)
        .slice(0, limit);
    },
    async heldBack(after) {
      guard();
      return rows.some((row) => row.cursor.txid >= xmin() && compareCursors(row.cursor, after) > 0);
    },
    async head(): Promise<FeedCursor | null> {
      guard();
      return visible().at(-1)?.cursor ?? null;
    },
    async listen(onWake): Promise<Listening> {
      guard();
      listenCalls += 1;
      if (store.hangNextListen) {
        store.hangNextListen = false;
        return new Promise<never>(() => {});
      }
      wakers.add(onWake);
      setImmediate(onWake);
      return {
        async unlisten() {
          wakers.delete(onWake);
        },
      };
    },
    async append(deltas) {
      const tx = store.begin();
      for (const delta of deltas) tx.write(delta);
      tx.commit();
      return deltas.map((delta) => ({ id: delta.id, position: 0n, inserted: true, delta }));
    },
    migrate: async () => {},
    get: unavailable,
    getMany: unavailable,
    byEntities: unavailable,
    negatorsOf: unavailable,
    referencedAs: unavailable,
    count: unavailable,
    ping: async () => !store.failing,
    peerCursor: async () => null,
    quarantined: async () => [],
    close: async () => {},
  };
  return store;
}
