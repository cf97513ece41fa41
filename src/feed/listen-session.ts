import type { DeltaStore, Listening } from '../store/delta-store.js';
import { createBackoff } from './backoff.js';
import type { FeedLogger } from './feed-logger.js';
import { createListenWatch } from './listen-watch.js';
import { createWakeSignal } from './wake-signal.js';

export interface ListenSessionOptions {
  readonly store: DeltaStore;
  /** Called for every wake-up, and once each time a LISTEN takes effect. */
  readonly onWake: () => void;
  /** Cap on the delay between failed LISTEN attempts. @default 5000 */
  readonly maxBackoffMs?: number;
  readonly logger: FeedLogger;
}

/**
 * Keeps one LISTEN in place for the feed. Its states:
 *
 *   idle → connecting → listening → lost → connecting → …
 *                  ↘ backing off → connecting            (the LISTEN failed)
 *   any → stopped
 *
 * `lost` is presumed, never reported (see listen-watch.ts): the read loop
 * tells the session what its polls found. Each state is one step of `run`.
 */
export interface ListenSession {
  /** Resolves once the first LISTEN attempt has succeeded or failed; later attempts go on in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A poll, not a wake-up, started a read that delivered `count` entries. */
  polled(count: number): void;
  /** True while a LISTEN is in place. */
  readonly listening: boolean;
}

type State = 'idle' | 'connecting' | 'listening' | 'lost' | 'backing off' | 'stopped';

/** A LISTEN and whether its wake-ups still count (those of a replaced one do not). */
interface Connection {
  readonly handle: Listening;
  readonly live: { current: boolean };
}

export function createListenSession(options: ListenSessionOptions): ListenSession {
  const { store, onWake, logger } = options;
  const backoff = createBackoff({ maxMs: options.maxBackoffMs ?? 5000 });
  const watch = createListenWatch();
  // Ends `listening` (lost or stopped) and `backing off` (stopped).
  const interrupt = createWakeSignal();
  let state: State = 'idle';
  let running: Promise<void> = Promise.resolve();
  // A function, so that checks after an await see the state `stop` may have set meanwhile.
  const stopped = () => state === 'stopped';

  const heard = () => {
    watch.woke();
    onWake();
  };

  // connecting → listening | backing off
  async function connect(): Promise<Connection | null> {
    state = 'connecting';
    const live = { current: true };
    try {
      const handle = await store.listen(() => {
        if (live.current) heard();
      });
      return { handle, live };
    } catch (error) {
      live.current = false;
      if (stopped()) return null;
      state = 'backing off';
      logger.warn({ err: error, attempt: backoff.attempts + 1 }, 'delta feed cannot LISTEN; retrying');
      return null;
    }
  }

  // listening → lost | stopped
  async function listen(connection: Connection): Promise<void> {
    if (stopped()) return release(connection);
    state = 'listening';
    backoff.reset();
    // Anything committed before the LISTEN took effect announced itself to nobody.
    heard();
    await interrupt.wait(Number.POSITIVE_INFINITY);
    if (state === 'listening') state = 'lost';
    await release(connection);
  }

  async function release({ handle, live }: Connection): Promise<void> {
    live.current = false;
    await handle.unlisten().catch(() => {});
  }

  // backing off → connecting | stopped
  const backOff = () => interrupt.wait(backoff.next());

  async function run(firstAttemptSettled: () => void): Promise<void> {
    while (!stopped()) {
      const connection = await connect();
      firstAttemptSettled();
      if (connection !== null) await listen(connection);
      else if (state === 'backing off') await backOff();
    }
  }

  return {
    start() {
      if (state !== 'idle') return Promise.resolve();
      return new Promise((resolve) => {
        running = run(resolve);
      });
    },
    async stop() {
      // A LISTEN attempt can take as long as a connect timeout; when it ends, `listen` releases it.
      const connecting = state === 'connecting';
      state = 'stopped';
      interrupt.wake();
      if (!connecting) await running;
    },
    polled(count) {
      if (watch.polled(count) && state === 'listening') {
        logger.warn({}, 'deltas arrived without any NOTIFY; listening again');
        interrupt.wake();
      }
    },
    get listening() {
      return state === 'listening';
    },
  };
}
