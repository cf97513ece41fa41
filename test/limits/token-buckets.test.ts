import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from '../../src/server/token-buckets.js';
import { rateLimitKey } from '../../src/server/use-rate-limit.js';

describe('token buckets', () => {
  it('allows a burst of capacity, then refills over the window', () => {
    let time = 0;
    const buckets = createTokenBuckets({ capacity: 2, windowMs: 1000, now: () => time });
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    expect(buckets.take('b').ok).toBe(true);
    time = 500;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('forgets full buckets when it holds too many keys', () => {
    let time = 0;
    const buckets = createTokenBuckets({ capacity: 1, windowMs: 1000, maxKeys: 2, now: () => time });
    buckets.take('a');
    buckets.take('b');
    time = 1000;
    buckets.take('c');
    // a was forgotten when full, so it starts again with a full bucket; c was not.
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('c').ok).toBe(false);
  });
});

describe('the rate limit key', () => {
  it('is the verified principal when there is one, else the address; never a creator header', () => {
    expect(rateLimitKey({ identity: { principal: { sub: 'ada' } }, remoteAddress: '10.0.0.1' })).toBe(
      'principal:ada',
    );
    expect(rateLimitKey({ creator: 'ada', remoteAddress: '10.0.0.1' })).toBe('address:10.0.0.1');
    expect(rateLimitKey({ req: { socket: { remoteAddress: '10.0.0.2' } } })).toBe('address:10.0.0.2');
    expect(rateLimitKey(undefined)).toBe('address:unknown');
  });
});
