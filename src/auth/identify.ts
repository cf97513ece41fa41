import { RhizomeError } from '../errors.js';
import type { Authenticator } from './authenticator.js';
import { checkCreatorName } from './creator-name.js';
import { ANONYMOUS, type Identity } from './principal.js';

/** What a transport carries about the caller: a token, and perhaps a creator it names. */
export interface CallerClaims {
  readonly authorization?: string | null | undefined;
  /** `x-rhizome-creator` or the `creator` connection parameter. */
  readonly creator?: string | null | undefined;
  /** How messages name where the creator came from. */
  readonly creatorField: string;
}

/**
 * Auth off: the claimed creator is believed (today's playground behaviour).
 * Auth on: the token decides, and a claimed creator other than its `sub` is
 * `FORBIDDEN`, since nobody may write in another's name.
 */
export async function identify(authenticator: Authenticator, claims: CallerClaims): Promise<Identity> {
  const claimed = claims.creator ?? undefined;
  if (!authenticator.enabled) {
    return {
      principal: null,
      creator: claimed === undefined ? ANONYMOUS : checkCreatorName(claimed, claims.creatorField),
    };
  }
  const principal = await authenticator.authenticate(claims.authorization);
  if (claimed !== undefined && claimed !== principal?.sub) {
    throw new RhizomeError(
      'FORBIDDEN',
      `${claims.creatorField} names a creator other than the token's subject; with auth on the creator is always the token's "sub". Leave it out.`,
    );
  }
  return { principal, creator: principal?.sub ?? ANONYMOUS };
}
