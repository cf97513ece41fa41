/** A one-shot signal a loop waits on with a timeout (its safety poll), and anyone may fire. */
export interface Wakeup {
  wake(): void;
  /** Resolves on the next `wake` or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void>;
}

export function createWakeup(): Wakeup {
  let waiting: (() => void) | undefined;
  let pending = false;
  return {
    wake() {
      if (waiting) waiting();
      else pending = true;
    },
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          waiting = undefined;
          resolve();
        }
        waiting = done;
      });
    },
  };
}
