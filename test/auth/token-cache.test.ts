import { describe, expect, it } from 'vitest';
import { createTokenCache } from '../../src/auth/token-cache.js';

describe('the verified-token cache', () => {
  it('never returns a token past its exp, nor one verified more than a minute ago', () => {
    let now = 1_000_000;
    const cache = createTokenCache(() => now);
    cache.set('short', { sub: 'a', roles: [], expiresAt: now + 5_000 });
    cache.set('long', { sub: 'b', roles: [], expiresAt: now + 3_600_000 });
    expect(cache.get('short')?.sub).toBe('a');
    now += 5_000;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')?.sub).toBe('b');
    now += 55_000;
    expect(cache.get('long')).toBeUndefined();
  });
});
