import { badInput } from '../errors.js';

/**
 * The characters a client-chosen creator may use (docs/design.md §6): enough
 * for user names, e-mail addresses, URNs and provider ids such as
 * `auth0|123`, and nothing that can hide (blanks, controls, look-alikes).
 */
export const CREATOR_PATTERN = /^[A-Za-z0-9._~:@+|/-]{1,256}$/;

/** Checks a creator given by a client; a principal's own `sub` is accepted as it is. */
export const checkCreatorName = (creator: string, field: string): string => {
  if (CREATOR_PATTERN.test(creator)) return creator;
  const shown = creator.length > 40 ? `${creator.slice(0, 40)}…` : creator;
  throw badInput(
    `${field} ${JSON.stringify(shown)} is not a valid creator: use 1 to 256 characters from A-Z a-z 0-9 and . _ ~ : @ + | / -`,
    { field },
  );
};
