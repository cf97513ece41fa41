export interface EventQueueOptions {
  /** Most events waiting for the reader; one more ends the queue with `overflow()`. */
  readonly limit: number;
  /** The error the reader gets when it fell `limit` events behind. */
  readonly overflow: () => Error;
  /** Called once when the queue ends: by overflow, `fail`, `close` or the reader (`return`). */
  readonly onEnd: () => void;
}

/**
 * A bounded queue read as an async iterator: the writer never waits and never
 * throws, the reader takes events at its own pace. States: `open` → `failed`
 * (overflowed or `fail`ed: what was queued is dropped, the reader's next call
 * rejects with the error) → `done`; `open` → `closing` (`close`d by the writer:
 * the reader still gets what was queued) → `done`; or `open` → `done` when the
 * reader returns. Resources are let go on leaving `open`, not when the slow
 * reader gets there. An idle queue holds no timer and no pending promise of its
 * own: only the reader's own `next()` waits.
 */
export interface EventQueue<T> {
  push(event: T): void;
  /** Ends the queue with this error, as an overflow does. */
  fail(error: Error): void;
  /** Ends the queue after the reader has taken what is queued. */
  close(): void;
  readonly events: AsyncIterableIterator<T>;
}

export function createEventQueue<T>(options: EventQueueOptions): EventQueue<T> {
  let state: 'open' | 'closing' | 'failed' | 'done' = 'open';
  let failure: Error | undefined;
  let queued: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  const finished: IteratorResult<T> = { value: undefined, done: true };

  const end = () => {
    options.onEnd();
  };

  const finish = (): IteratorResult<T> => {
    if (state === 'open') end();
    state = 'done';
    queued = [];
    const reader = waiting;
    waiting = undefined;
    reader?.resolve(finished);
    return finished;
  };

  const failWith = (error: Error) => {
    if (state !== 'open') return;
    state = 'failed';
    failure = error;
    queued = [];
    end();
    const reader = waiting;
    waiting = undefined;
    if (reader) {
      state = 'done';
      reader.reject(error);
    }
  };

  const events: AsyncIterableIterator<T> = {
    next() {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift() as T, done: false });
      if (state === 'failed') {
        state = 'done';
        return Promise.reject(failure);
      }
      if (state === 'done' || state === 'closing') {
        state = 'done';
        return Promise.resolve(finished);
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return: () => Promise.resolve(finish()),
    [Symbol.asyncIterator]() {
      return events;
    },
  };

  return {
    events,
    push(event) {
      if (state !== 'open') return;
      if (waiting) {
        const reader = waiting;
        waiting = undefined;
        reader.resolve({ value: event, done: false });
        return;
      }
      if (queued.length < options.limit) {
        queued.push(event);
        return;
      }
      failWith(options.overflow());
    },
    fail: failWith,
    close() {
      if (state !== 'open') return;
      state = 'closing';
      end();
      const reader = waiting;
      waiting = undefined;
      if (reader) {
        state = 'done';
        reader.resolve(finished);
      }
    },
  };
}
