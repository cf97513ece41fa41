import { badInput, type RhizomeError } from '../errors.js';
import { type DeltaLocation, describe, inputFault } from './input-fault.js';
import {
  codePointLength,
  isStorableString,
  MAX_NAME_LENGTH,
  MAX_STRING_BYTES,
  utf8Length,
} from './limits.js';

const unstorable = (field: string) =>
  `${field} contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored; remove it.`;

/**
 * Checks a name-like string: a context, an id, a creator or a host.
 * `field` is how the message names it, e.g. `localContext` or `target.id`.
 */
export const parseName = (
  value: unknown,
  at: DeltaLocation,
  pointer: number | undefined,
  field: string,
): string => {
  const fail = (problem: string): RhizomeError => inputFault(at, pointer, field, problem);
  if (value === undefined) {
    throw fail(`${field} is missing; give a non-empty string of at most ${MAX_NAME_LENGTH} characters.`);
  }
  if (typeof value !== 'string') {
    throw fail(
      `${field} must be a non-empty string of at most ${MAX_NAME_LENGTH} characters, not ${describe(value)}.`,
    );
  }
  if (value.length === 0) throw fail(`${field} must not be empty.`);
  const length = codePointLength(value);
  if (length > MAX_NAME_LENGTH) {
    throw fail(`${field} is ${length} characters long; the limit is ${MAX_NAME_LENGTH}. Shorten it.`);
  }
  if (!isStorableString(value)) throw fail(unstorable(field));
  return value;
};

/** Checks a string target: at most 64 KiB of UTF-8. */
export const parseStringValue = (value: string, at: DeltaLocation, pointer: number): string => {
  // Up to three UTF-8 bytes per UTF-16 unit: short strings need no exact count.
  if (value.length * 3 > MAX_STRING_BYTES) {
    const bytes = utf8Length(value);
    if (bytes > MAX_STRING_BYTES) {
      throw inputFault(
        at,
        pointer,
        'target',
        `the string target is ${bytes} bytes of UTF-8; the limit is ${MAX_STRING_BYTES} (64 KiB). Store large content elsewhere and reference it, or split it.`,
      );
    }
  }
  if (!isStorableString(value)) throw inputFault(at, pointer, 'target', unstorable('target'));
  return value;
};

/**
 * Checks text that arrives outside a delta but reaches the store: an id to
 * look up, a creator to filter by. Postgres text and jsonb cannot hold it
 * otherwise, and one such id in a batched lookup would fail every other id
 * in the batch. `field` names the argument, e.g. `id` or `deltas.entity`.
 */
export const parseStoredText = (value: string, field: string): string => {
  if (!isStorableString(value)) throw badInput(unstorable(field), { field });
  return value;
};
