/** A signal loops wait on with a timeout (their safety poll), and anyone may fire. */
export interface Wakeup {
  /** Wakes every waiter; with none waiting, the next `wait` resolves at once. */
  wake(): void;
  /** Resolves on the next `wake` or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void>;
}

export function createWakeup(): Wakeup {
  const waiting = new Set<() => void>();
  let pending = false;
  return {
    wake() {
      if (waiting.size === 0) pending = true;
      for (const done of [...waiting]) done();
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
          waiting.delete(done);
          resolve();
        }
        waiting.add(done);
      });
    },
  };
}
