/**
 * A wait that a wake-up ends early: the one place a loop of the feed sleeps.
 * A wake-up that comes while nobody waits is kept, so one that lands during a
 * read is not lost; `clear` drops it when the pass about to start covers it.
 * One waiter at a time (each loop owns its signals).
 */
export interface WakeSignal {
  /** Ends the current wait, or the next one if none is in progress. */
  wake(): void;
  /** Forgets a kept wake-up. */
  clear(): void;
  /** `'woken'` at the first wake-up (at once if one was kept), else `'timeout'` after `ms`; `Infinity` waits for a wake-up only. */
  wait(ms: number): Promise<'woken' | 'timeout'>;
}

export function createWakeSignal(): WakeSignal {
  let kept = false;
  let waiter: (() => void) | null = null;
  return {
    wake() {
      const wakeWaiter = waiter;
      waiter = null;
      if (wakeWaiter === null) kept = true;
      else wakeWaiter();
    },
    clear() {
      kept = false;
    },
    wait(ms) {
      if (kept) {
        kept = false;
        return Promise.resolve('woken');
      }
      return new Promise((resolve) => {
        // Unreferenced: a waiting feed alone does not keep the process alive.
        const timer = Number.isFinite(ms)
          ? setTimeout(() => {
              waiter = null;
              resolve('timeout');
            }, ms).unref()
          : undefined;
        waiter = () => {
          clearTimeout(timer);
          resolve('woken');
        };
      });
    },
  };
}
