import { RhizomeError } from '../errors.js';
import type { AccessRule } from '../model/model.js';
import type { Principal } from './principal.js';

export const allows = (rule: AccessRule, principal: Principal | null): boolean => {
  if (rule === 'public') return true;
  if (principal === null) return false;
  if (rule === 'authenticated') return true;
  return rule.roles.some((role) => principal.roles.includes(role));
};

const describeRule = (rule: AccessRule) =>
  rule === 'public'
    ? 'anyone'
    : rule === 'authenticated'
      ? 'a valid token'
      : `one of the roles ${rule.roles.join(', ')}`;

/**
 * The error for a denied rule: with no token the caller may still prove who
 * it is (`UNAUTHENTICATED`); with one, it is known and not allowed (`FORBIDDEN`).
 */
export const denied = (principal: Principal | null, what: string, rule: AccessRule): RhizomeError =>
  principal === null
    ? new RhizomeError(
        'UNAUTHENTICATED',
        `${what} needs ${describeRule(rule)}; send "Authorization: Bearer <jwt>".`,
      )
    : new RhizomeError(
        'FORBIDDEN',
        `${what} needs ${describeRule(rule)}; the token of "${principal.sub}" does not give it.`,
      );
