import { RhizomeError } from '../errors.js';

/**
 * Settles like `work`, or rejects with `SERVICE_UNAVAILABLE` after `ms`.
 *
 * A read on a connection whose packets vanish (a network partition, no RST)
 * can wait for TCP keepalive to give up, many minutes; the feed would stall
 * and still look healthy. The query itself cannot be cancelled through the
 * store, so it is abandoned: its late result or error is dropped.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RhizomeError('SERVICE_UNAVAILABLE', `${what} did not answer within ${ms} ms.`)),
      ms,
    );
  });
  work.catch(() => {}); // abandoned on timeout: its rejection must not go unhandled
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
