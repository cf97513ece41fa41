/**
 * Capped exponential backoff with jitter, so that many instances that lost the
 * same database do not all knock on it in the same millisecond.
 */
export interface BackoffOptions {
  /** First delay. @default 100 */
  readonly initialMs?: number;
  /** Upper bound for any delay. @default 5000 */
  readonly maxMs?: number;
}

export interface Backoff {
  /** The delay before the next attempt; each call doubles the next one, up to the cap. */
  next(): number;
  /** Back to the first delay, after a success. */
  reset(): void;
  /** Failed attempts since the last reset. */
  readonly attempts: number;
}

export function createBackoff({ initialMs = 100, maxMs = 5000 }: BackoffOptions = {}): Backoff {
  let attempts = 0;
  return {
    next() {
      const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempts, 30));
      attempts += 1;
      // Up to 20% jitter below the base keeps the cap a true upper bound.
      return Math.round(base * (0.8 + Math.random() * 0.2));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
