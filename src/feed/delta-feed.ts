import type { DeltaStore, FeedEntry } from '../store/delta-store.js';
import type { FeedCursor } from '../store/feed-cursor.js';
import { createBackoff } from './backoff.js';
import { type FeedLogger, silentLogger } from './feed-logger.js';
import { createListenSession, type ListenSession } from './listen-session.js';
import { createWakeSignal } from './wake-signal.js';
import { withTimeout } from './with-timeout.js';

export interface DeltaFeedOptions {
  readonly store: DeltaStore;
  /**
   * Deliver entries after this cursor; `null` delivers everything from the
   * first delta. Omitted: live only, starting at `store.head()`.
   * @example createDeltaFeed({ store, from: decodeCursor(saved) })
   */
  readonly from?: FeedCursor | null;
  /** Safety poll, for wake-ups that never come (a lost LISTEN, a rolled-back older transaction). @default 1000 */
  readonly pollIntervalMs?: number;
  /** Entries per `since` read. @default 1000 */
  readonly batchSize?: number;
  /** Cap on the retry delay while the database is unreachable. @default 5000 */
  readonly maxBackoffMs?: number;
  /** A read that takes longer is abandoned and retried (see with-timeout.ts). @default 30000 */
  readonly readTimeoutMs?: number;
  readonly logger?: FeedLogger;
}

export type FeedListener = (entries: readonly FeedEntry[]) => void;

/**
 * One instance's ordered view of every committed delta (docs/design.md §5.3):
 * entries reach listeners in feed order, each exactly once, whatever the
 * database does in between.
 */
export interface DeltaFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Listeners are called synchronously, in feed order; what they throw is logged, not propagated. */
  subscribe(listener: FeedListener): () => void;
  /** The last entry delivered (or the starting point); `null` before the first delta. */
  readonly checkpoint: FeedCursor | null;
  /** False while the database cannot be read or no LISTEN is in place. */
  readonly healthy: boolean;
  /** Current subscribers, for metrics and leak checks. */
  readonly listenerCount: number;
}

/** First re-read delay while committed rows are held back by an older transaction; doubles up to the poll interval. */
const HELD_BACK_FIRST_MS = 5;

/** What ended a wait, and so what started the pass after it. */
type Cause = 'wake-up' | 'poll' | 'recheck';

/**
 * A LISTEN session (listen-session.ts) wakes one read loop, whose states are:
 *
 *   reading → waiting → reading …        a wake-up or a timer ends the wait
 *   reading → backing off → reading …    the database could not be read
 *   any → stopped
 *
 * `reading` delivers and checkpoints page by page until a short page;
 * `waiting` lasts the poll interval, or less while committed rows are held
 * back (see `recheckDelay`). Wake-ups only end a wait, so reads never overlap
 * and a burst of NOTIFYs costs one or two reads.
 */
export function createDeltaFeed(options: DeltaFeedOptions): DeltaFeed {
  const { store, pollIntervalMs = 1000, batchSize = 1000, readTimeoutMs = 30_000 } = options;
  const logger = options.logger ?? silentLogger;
  const listeners = new Set<FeedListener>();
  const readBackoff = createBackoff({ maxMs: options.maxBackoffMs ?? 5000 });
  const wakeUps = createWakeSignal();
  const stopping = createWakeSignal();
  let checkpoint: FeedCursor | null = options.from ?? null;
  let readsOk = true;
  let heldBackDelayMs = HELD_BACK_FIRST_MS;
  // Set while running; `start` and `stop` swap it, the loop only reads it.
  let session: ListenSession | null = null;
  let loop: Promise<void> = Promise.resolve();

  const running = () => session !== null;

  const deliver = (entries: readonly FeedEntry[]) => {
    for (const listener of listeners) {
      try {
        listener(entries);
      } catch (error) {
        logger.warn({ err: error }, 'delta feed listener threw; the feed goes on');
      }
    }
  };

  async function readLoop(listenSession: ListenSession): Promise<void> {
    let cause: Cause = 'wake-up';
    while (running()) {
      // Wake-ups so far are covered by the pass about to start.
      wakeUps.clear();
      try {
        const delivered = await read();
        if (!running()) return;
        if (cause === 'poll') listenSession.polled(delivered);
        cause = await wait(await recheckDelay());
      } catch (error) {
        if (!running()) return;
        await backOff(error);
        cause = 'recheck';
      }
    }
  }

  // reading: page by page until a short one; returns how many entries it delivered.
  async function read(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const page = await readWholeTransactions();
      if (!running()) return delivered;
      const last = page.at(-1);
      if (last === undefined) return delivered;
      checkpoint = last.cursor;
      delivered += page.length;
      deliver(page);
      // A short page means nothing more is visible; a commit after this read sends its own NOTIFY.
      if (page.length < batchSize) return delivered;
    }
  }

  // A delivery never ends inside a transaction: listeners apply and announce
  // each committed transaction at once (docs/design.md §4), so a full page is
  // extended until its last transaction ends. Rows read past that end are
  // left for the next page.
  async function readWholeTransactions(): Promise<FeedEntry[]> {
    const page = await readPage(checkpoint);
    let more = page;
    while (more.length === batchSize && running()) {
      const last = page.at(-1) as FeedEntry;
      more = await readPage(last.cursor);
      const end = more.findIndex((entry) => entry.cursor.txid !== last.cursor.txid);
      page.push(...(end === -1 ? more : more.slice(0, end)));
      if (end !== -1) break;
    }
    return page;
  }

  async function readPage(after: FeedCursor | null): Promise<FeedEntry[]> {
    const page = await withTimeout(store.since(after, batchSize), readTimeoutMs, 'The feed read');
    readSucceeded();
    return page;
  }

  function readSucceeded() {
    if (!readsOk) logger.info({ checkpoint }, 'delta feed reads the database again');
    readsOk = true;
    readBackoff.reset();
  }

  // Rows committed behind an older open transaction stay invisible until it
  // ends; if that transaction is in another database or writes no deltas, no
  // NOTIFY marks its end, so look again soon rather than at the next poll.
  async function recheckDelay(): Promise<number | null> {
    if (store.heldBack === undefined) return null;
    const held = await withTimeout(store.heldBack(checkpoint), readTimeoutMs, 'The held-back check');
    if (!held) {
      heldBackDelayMs = HELD_BACK_FIRST_MS;
      return null;
    }
    const delayMs = heldBackDelayMs;
    heldBackDelayMs = Math.min(heldBackDelayMs * 2, pollIntervalMs);
    return delayMs;
  }

  // waiting → reading; `recheckMs` null waits a full poll interval.
  async function wait(recheckMs: number | null): Promise<Cause> {
    const ended = await wakeUps.wait(recheckMs ?? pollIntervalMs);
    if (ended === 'woken') return 'wake-up';
    return recheckMs === null ? 'poll' : 'recheck';
  }

  // backing off → reading: wake-ups do not cut this short, so a busy database is not read at the write rate.
  async function backOff(error: unknown): Promise<void> {
    readsOk = false;
    const delayMs = readBackoff.next();
    logger.warn({ err: error, delayMs, attempt: readBackoff.attempts }, 'delta feed cannot read; retrying');
    await stopping.wait(delayMs);
  }

  return {
    async start() {
      if (session !== null) return;
      // A `stop` still under way: its loop must see it and end before a new one starts.
      await loop;
      if (options.from === undefined) checkpoint = await store.head();
      const started = createListenSession({
        store,
        onWake: () => wakeUps.wake(),
        maxBackoffMs: options.maxBackoffMs,
        logger,
      });
      session = started;
      stopping.clear();
      await started.start();
      if (session === started) loop = readLoop(started);
    },
    async stop() {
      const stopped = session;
      if (stopped === null) return;
      session = null;
      stopping.wake();
      wakeUps.wake();
      await loop;
      await stopped.stop();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get checkpoint() {
      return checkpoint;
    },
    get healthy() {
      return readsOk && session?.listening === true;
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
