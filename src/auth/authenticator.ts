import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { RhizomeError } from '../errors.js';
import type { Principal } from './principal.js';
import { createTokenCache } from './token-cache.js';

/** Token settings (docs/design.md §6); auth is on when a secret or a JWKS URL is set. */
export interface AuthSettings {
  /** HS256 shared secret. (`RHIZOME_JWT_SECRET`) */
  readonly jwtSecret: string | undefined;
  /** JWKS endpoint for RS256/ES256 keys, fetched and cached by jose. (`RHIZOME_JWKS_URL`) */
  readonly jwksUrl: string | undefined;
  /** Required `iss` when set. (`RHIZOME_JWT_ISSUER`) */
  readonly jwtIssuer: string | undefined;
  /** Required `aud` when set. (`RHIZOME_JWT_AUDIENCE`) */
  readonly jwtAudience: string | undefined;
  /** The claim holding the roles array. @default 'roles' (`RHIZOME_JWT_ROLES_CLAIM`) */
  readonly jwtRolesClaim: string;
}

export interface Authenticator {
  readonly enabled: boolean;
  /**
   * The principal behind an `Authorization` value (`Bearer <jwt>`); null when
   * none was sent or auth is off. Any token that does not verify is
   * `UNAUTHENTICATED`, whatever the request would have needed.
   */
  authenticate(authorization: string | null | undefined): Promise<Principal | null>;
}

/** Auth off: no token is ever looked at. */
export const NO_AUTH: Authenticator = { enabled: false, authenticate: async () => null };

const unauthenticated = (problem: string, cause?: unknown) =>
  new RhizomeError('UNAUTHENTICATED', `${problem} Send "Authorization: Bearer <jwt>" with a valid token.`, {
    cause,
  });

const BEARER = /^Bearer +(\S+)$/i;

/** Says what is wrong without echoing the token or key material. */
const describeFailure = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token's "${error.claim}" claim is not accepted.`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's algorithm is not accepted.";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature does not verify.";
  if (error instanceof errors.JWKSNoMatchingKey) return 'No key of the key set matches the token.';
  return 'The token is not valid.';
};

const rolesOf = (payload: JWTPayload, claim: string): string[] => {
  const roles = payload[claim];
  if (roles === undefined) return [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    throw unauthenticated(`The token's "${claim}" claim must be an array of strings.`);
  }
  return roles;
};

/** Verifies with jose only; algorithms are pinned per key kind, so `alg: none` and HS/RS confusion fail. */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.jwtSecret && settings.jwksUrl) {
    throw new Error('Set RHIZOME_JWT_SECRET or RHIZOME_JWKS_URL, not both: a token is verified one way.');
  }
  // A KeyObject, imported once: jose would import raw bytes again on every verification.
  const key: KeyObject | JWTVerifyGetKey | undefined = settings.jwtSecret
    ? createSecretKey(Buffer.from(settings.jwtSecret, 'utf8'))
    : settings.jwksUrl
      ? createRemoteJWKSet(new URL(settings.jwksUrl))
      : undefined;
  if (key === undefined) return NO_AUTH;
  const options = {
    algorithms: settings.jwtSecret ? ['HS256'] : ['RS256', 'ES256'],
    ...(settings.jwtIssuer && { issuer: settings.jwtIssuer }),
    ...(settings.jwtAudience && { audience: settings.jwtAudience }),
  };
  const verified = createTokenCache();
  return {
    enabled: true,
    async authenticate(authorization) {
      if (authorization == null || authorization === '') return null;
      const token = BEARER.exec(authorization)?.[1];
      if (token === undefined) throw unauthenticated('The Authorization value is not "Bearer <jwt>".');
      const known = verified.get(token);
      if (known !== undefined) return known;
      let payload: JWTPayload;
      try {
        // The union of the two key kinds narrows per overload; both are accepted at run time.
        ({ payload } = await jwtVerify(token, key as KeyObject, options));
      } catch (error) {
        throw unauthenticated(describeFailure(error), error);
      }
      if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 256) {
        throw unauthenticated('The token needs a "sub" claim of 1 to 256 characters.');
      }
      const principal: Principal = {
        sub: payload.sub,
        roles: rolesOf(payload, settings.jwtRolesClaim),
        expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000,
      };
      verified.set(token, principal);
      return principal;
    },
  };
}
