export interface EventQueueOptions {
  /** Most events waiting for the reader; one more ends the queue with `overflow()`. */
  readonly limit: number;
  /** The error the reader gets when it fell `limit` events behind. */
  readonly overflow: () => Error;
  /** Called once when the queue ends, by overflow or by the reader (`return`). */
  readonly onEnd: () => void;
}

/**
 * A bounded queue read as an async iterator: the writer never waits and never
 * throws, the reader takes events at its own pace. States: `open` → `failed`
 * (overflowed: what was queued is dropped, the reader's next call rejects with
 * the overflow error) → `done`; or `open` → `done` when the reader returns.
 * Resources are let go on entering `failed`, not when the slow reader gets there.
 */
export interface EventQueue<T> {
  push(event: T): void;
  readonly events: AsyncIterableIterator<T>;
}

export function createEventQueue<T>(options: EventQueueOptions): EventQueue<T> {
  let state: 'open' | 'failed' | 'done' = 'open';
  let failure: Error | undefined;
  let queued: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;

  const end = () => {
    options.onEnd();
    queued = [];
  };

  const finish = (): IteratorResult<T> => {
    if (state === 'open') end();
    state = 'done';
    const reader = waiting;
    waiting = undefined;
    reader?.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  };

  const events: AsyncIterableIterator<T> = {
    next() {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift() as T, done: false });
      if (state === 'failed') {
        state = 'done';
        return Promise.reject(failure);
      }
      if (state === 'done') return Promise.resolve({ value: undefined, done: true });
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
      state = 'failed';
      failure = options.overflow();
      end();
    },
  };
}
