import type { DeltaStore, FeedCursor, FeedEntry, Listening } from '../store/delta-store.js';
import { createBackoff } from './backoff.js';
import { createListenWatch } from './listen-watch.js';
import { withTimeout } from './with-timeout.js';

/** The subset of a pino logger the feed uses. */
export interface FeedLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

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
 * One instance's ordered view of every committed delta (DESIGN.md §5.3):
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
  /** Read now: this instance has just committed deltas of its own. */
  poke(): void;
  /** False while the database cannot be read or no LISTEN is in place. */
  readonly healthy: boolean;
  /** Current subscribers, for metrics and leak checks. */
  readonly listenerCount: number;
}

const silent: FeedLogger = { warn() {}, info() {} };

/** First re-read delay while committed rows are held back by an older transaction; doubles up to the poll interval. */
const HELD_BACK_FIRST_MS = 5;

export function createDeltaFeed(options: DeltaFeedOptions): DeltaFeed {
  const { store, pollIntervalMs = 1000, batchSize = 1000, readTimeoutMs = 30_000, logger = silent } = options;
  const listeners = new Set<FeedListener>();
  const readBackoff = createBackoff({ maxMs: options.maxBackoffMs ?? 5000 });
  const listenBackoff = createBackoff({ maxMs: options.maxBackoffMs ?? 5000 });
  const watch = createListenWatch();
  let checkpoint: FeedCursor | null = options.from ?? null;
  let running = false;
  let dirty = false;
  let reading: Promise<void> | null = null;
  let readsOk = true;
  let retryTimer: NodeJS.Timeout | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let listenTimer: NodeJS.Timeout | null = null;
  let heldTimer: NodeJS.Timeout | null = null;
  let heldDelayMs = HELD_BACK_FIRST_MS;
  let listening: Listening | null = null;
  let listenPending = false;
  // Bumped whenever a LISTEN is replaced, so wake-ups from a stale one are ignored.
  let generation = 0;

  const deliver = (entries: readonly FeedEntry[]) => {
    for (const listener of listeners) {
      try {
        listener(entries);
      } catch (error) {
        logger.warn({ err: error }, 'delta feed listener threw; the feed goes on');
      }
    }
  };

  // Wake-ups only set `dirty`; one read loop at a time drains them, so reads
  // never overlap and a burst of NOTIFYs costs one or two reads.
  const requestRead = () => {
    dirty = true;
    if (!running || retryTimer !== null || reading !== null) return;
    reading = drain();
  };

  async function drain(): Promise<void> {
    try {
      while (dirty && running) {
        dirty = false;
        await readUntilCaughtUp();
      }
    } catch (error) {
      if (running) scheduleRetry(error);
    } finally {
      reading = null;
    }
  }

  async function readUntilCaughtUp(): Promise<void> {
    for (;;) {
      const page = await withTimeout(store.since(checkpoint, batchSize), readTimeoutMs, 'The feed read');
      if (!running) return;
      if (!readsOk) logger.info({ checkpoint }, 'delta feed reads the database again');
      readsOk = true;
      readBackoff.reset();
      const last = page.at(-1);
      if (last === undefined) break;
      checkpoint = last.cursor;
      watch.delivered(page.length);
      deliver(page);
      // A short page means nothing more is visible; a commit after this read sends its own NOTIFY.
      if (page.length < batchSize) break;
    }
    await recheckIfHeldBack();
  }

  // Rows committed behind an older open transaction stay invisible until it
  // ends; if that transaction is in another database or writes no deltas, no
  // NOTIFY marks its end, so look again soon rather than at the next poll.
  async function recheckIfHeldBack(): Promise<void> {
    if (store.heldBack === undefined || heldTimer !== null) return;
    const held = await withTimeout(store.heldBack(checkpoint), readTimeoutMs, 'The held-back check');
    if (!running) return;
    if (!held) {
      heldDelayMs = HELD_BACK_FIRST_MS;
      return;
    }
    const delayMs = heldDelayMs;
    heldDelayMs = Math.min(heldDelayMs * 2, pollIntervalMs);
    heldTimer = setTimeout(() => {
      heldTimer = null;
      requestRead();
    }, delayMs);
  }

  function scheduleRetry(error: unknown) {
    readsOk = false;
    dirty = true;
    const delayMs = readBackoff.next();
    logger.warn({ err: error, delayMs, attempt: readBackoff.attempts }, 'delta feed cannot read; retrying');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      requestRead();
    }, delayMs);
  }

  const onWake = (forGeneration: number) => () => {
    if (forGeneration !== generation || !running) return;
    watch.woke();
    requestRead();
  };

  async function establishListen(): Promise<void> {
    if (listenPending || !running) return;
    listenPending = true;
    const forGeneration = ++generation;
    try {
      const handle = await store.listen(onWake(forGeneration));
      if (!running || forGeneration !== generation) {
        await handle.unlisten().catch(() => {});
        return;
      }
      listening = handle;
      listenBackoff.reset();
      // Anything committed before the LISTEN took effect announced itself to nobody.
      requestRead();
    } catch (error) {
      if (!running) return;
      const delayMs = listenBackoff.next();
      logger.warn({ err: error, delayMs }, 'delta feed cannot LISTEN; retrying');
      listenTimer = setTimeout(() => {
        listenTimer = null;
        void establishListen();
      }, delayMs);
    } finally {
      listenPending = false;
    }
  }

  async function relisten(): Promise<void> {
    const old = listening;
    listening = null;
    generation += 1;
    if (old !== null) await old.unlisten().catch(() => {});
    await establishListen();
  }

  function pollTick() {
    if (watch.tick() && listening !== null && !listenPending) {
      logger.warn({}, 'deltas arrived without any NOTIFY; listening again');
      void relisten();
    }
    requestRead();
  }

  return {
    async start() {
      if (running) return;
      if (options.from === undefined) checkpoint = await store.head();
      running = true;
      await establishListen();
      pollTimer = setInterval(pollTick, pollIntervalMs);
      pollTimer.unref();
      requestRead();
    },
    async stop() {
      if (!running) return;
      running = false;
      for (const timer of [retryTimer, pollTimer, listenTimer, heldTimer])
        if (timer !== null) clearTimeout(timer);
      retryTimer = pollTimer = listenTimer = heldTimer = null;
      generation += 1;
      await reading;
      const handle = listening;
      listening = null;
      if (handle !== null) await handle.unlisten().catch(() => {});
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
    poke() {
      requestRead();
    },
    get healthy() {
      return running && readsOk && listening !== null;
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
