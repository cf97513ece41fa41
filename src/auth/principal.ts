/** A caller proven by a verified token (docs/design.md §6). */
export interface Principal {
  /** The token's `sub`: the creator of every delta this principal writes. */
  readonly sub: string;
  readonly roles: readonly string[];
  /** When the token stops being valid (ms since the epoch), if it says. */
  readonly expiresAt: number | undefined;
}

/** Who is asking, as one request sees it. */
export interface Identity {
  /** Null when auth is off, or when it is on and no token was sent (anonymous). */
  readonly principal: Principal | null;
  /** The creator this request's deltas get by default. */
  readonly creator: string;
}

/** The creator of deltas written without a token. */
export const ANONYMOUS = 'anonymous';
