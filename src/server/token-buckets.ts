export interface TokenBucketsOptions {
  /** Tokens a bucket holds, and gains back over one window. */
  readonly capacity: number;
  readonly windowMs: number;
  /** Buckets kept before full ones are forgotten; bounds memory under many callers. @default 10000 */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * One token bucket per key: a caller may burst up to `capacity` operations,
 * then gets `capacity` per window, refilled continuously.
 */
export function createTokenBuckets(options: TokenBucketsOptions) {
  const { capacity, windowMs, maxKeys = 10_000, now = Date.now } = options;
  const perMs = capacity / windowMs;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refilled = (bucket: { tokens: number; at: number }, time: number) =>
    Math.min(capacity, bucket.tokens + (time - bucket.at) * perMs);

  const forgetFull = (time: number) => {
    for (const [key, bucket] of buckets) if (refilled(bucket, time) >= capacity) buckets.delete(key);
  };

  return {
    take(key: string): Take {
      const time = now();
      const bucket = buckets.get(key);
      const tokens = bucket ? refilled(bucket, time) : capacity;
      if (tokens < 1) return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
      if (!bucket && buckets.size >= maxKeys) forgetFull(time);
      buckets.set(key, { tokens: tokens - 1, at: time });
      return { ok: true };
    },
  };
}
