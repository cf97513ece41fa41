import type { Server } from 'node:http';

export interface InFlight {
  /** HTTP requests being answered now (SSE streams excluded: they never finish by themselves). */
  readonly count: number;
  /** Resolves true once no request is in flight, or false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean>;
}

const isEventStream = (accept: string | undefined) => accept?.includes('text/event-stream') === true;

/** Counts the server's in-flight requests, so a shutdown can wait for them and no longer. */
export function trackInFlight(server: Server): InFlight {
  let count = 0;
  const waiting = new Set<() => void>();
  server.on('request', (request, response) => {
    if (isEventStream(request.headers.accept)) return;
    count++;
    response.once('close', () => {
      count--;
      if (count === 0) for (const wake of waiting) wake();
    });
  });
  return {
    get count() {
      return count;
    },
    drained(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiting.add(wake);
      });
    },
  };
}
