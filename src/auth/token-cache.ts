import type { Principal } from './principal.js';

/** How many verified tokens are remembered; the oldest is forgotten first. */
const MAX_TOKENS = 10_000;
/** A verified token is trusted again without verifying for at most this long (so a withdrawn JWKS key ends its tokens soon). */
const MAX_AGE_MS = 60_000;

/**
 * Verified tokens by their exact text, so a client that sends the same token
 * on every request pays for one signature check per minute rather than one
 * per request. A hit still honours `exp`: an expired token is never returned.
 */
export function createTokenCache(now: () => number = Date.now) {
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(token: string): Principal | undefined {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (entry.until > now()) return entry.principal;
      entries.delete(token);
      return undefined;
    },
    set(token: string, principal: Principal): void {
      const until = Math.min(principal.expiresAt ?? Number.POSITIVE_INFINITY, now() + MAX_AGE_MS);
      entries.delete(token);
      entries.set(token, { principal, until });
      if (entries.size > MAX_TOKENS) entries.delete(entries.keys().next().value as string);
    },
  };
}
