import { isDateTimeMillis } from './date-time.js';
import {
  type Delta,
  isEntityRef,
  isJsonTarget,
  type Pointer,
  TRANSACTION,
  TRANSACTION_SIZE,
} from './delta.js';
import type { DeltaDefaults } from './delta-defaults.js';
import {
  type DeltaLocation,
  describe,
  inputFault,
  isPlainObject,
  locate,
  unknownKey,
} from './input-fault.js';
import { MAX_DELTA_BYTES, MAX_POINTERS, MAX_TIME, utf8Length } from './limits.js';
import { parsePointer } from './parse-pointer.js';
import { parseName } from './parse-text.js';

export type { DeltaDefaults } from './delta-defaults.js';

const DELTA_KEYS = new Set(['id', 'creator', 'host', 'timeCreated', 'pointers']);

/** A DateTime (docs/design.md §4) that is not before the epoch. */
const parseTime = (value: unknown, at: DeltaLocation): number => {
  const time = value instanceof Date ? value.getTime() : value;
  if (isDateTimeMillis(time) && time >= 0) return time;
  throw inputFault(
    at,
    undefined,
    'timeCreated',
    `timeCreated must be a whole number of milliseconds since the epoch between 0 and ${MAX_TIME}, not ${describe(value)}; omit it to use the server's clock.`,
  );
};

const parsePointers = (value: unknown, at: DeltaLocation): Pointer[] => {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_POINTERS) {
    const got = Array.isArray(value) ? `${value.length} pointers` : describe(value);
    throw inputFault(
      at,
      undefined,
      'pointers',
      `pointers must be a list of 1 to ${MAX_POINTERS} pointers, not ${got}.`,
    );
  }
  return value.map((pointer, index) => parsePointer(pointer, at, index));
};

/** A size declaration needs exactly one `size` pointer with a positive whole number (docs/design.md §1). */
const checkSizeDeclaration = (pointers: readonly Pointer[], at: DeltaLocation) => {
  const declares = pointers.findIndex(
    (p) => p.localContext === TRANSACTION && p.targetContext === TRANSACTION_SIZE,
  );
  if (declares < 0) return;
  const sizes = pointers.flatMap((p, index) => (p.localContext === TRANSACTION_SIZE ? [index] : []));
  const at0 = sizes[0];
  if (at0 === undefined || sizes.length > 1) {
    throw inputFault(
      at,
      sizes[1] ?? declares,
      'localContext',
      `a delta declaring a transaction's size must have exactly one pointer { "localContext": "${TRANSACTION_SIZE}", "target": N }; it has ${sizes.length}.`,
    );
  }
  const size = pointers[at0]?.target;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    throw inputFault(
      at,
      at0,
      'target',
      `a transaction size must be a positive whole number (how many deltas carry the "deltas" pointer), not ${describe(size)}.`,
    );
  }
};

// Serialising costs more than validating; most deltas are provably small without it.
const upperBoundBytes = (delta: Delta): number => {
  let units = 128 + delta.id.length + delta.creator.length + delta.host.length;
  for (const { localContext, target, targetContext } of delta.pointers) {
    units += 88 + localContext.length + (targetContext?.length ?? 0);
    if (typeof target === 'string') units += target.length;
    else if (isEntityRef(target)) units += target.id.length;
    else if (isJsonTarget(target)) units += JSON.stringify(target.json).length;
  }
  // A UTF-16 unit serialises to at most six bytes (`\u001f`).
  return units * 6;
};

const checkTotalSize = (delta: Delta, at: DeltaLocation) => {
  if (upperBoundBytes(delta) <= MAX_DELTA_BYTES) return;
  const bytes = utf8Length(JSON.stringify(delta));
  if (bytes > MAX_DELTA_BYTES) {
    throw inputFault(
      at,
      undefined,
      'pointers',
      `the delta is ${bytes} bytes as JSON; the limit is ${MAX_DELTA_BYTES} (256 KiB). Split it into several deltas.`,
    );
  }
};

/**
 * Validates one untrusted wire-format delta (docs/design.md §1) and fills in the
 * defaults. `where` names it in messages: a batch index (`Delta 2`) or a label.
 * Throws `BAD_USER_INPUT` naming the delta, pointer and field at fault.
 */
export const parseDelta = (input: unknown, context: DeltaDefaults, where?: string | number): Delta => {
  const at = locate(where);
  if (!isPlainObject(input)) {
    throw inputFault(
      at,
      undefined,
      'delta',
      `a delta must be an object with "pointers" (and optionally id, creator, host, timeCreated), not ${describe(input)}.`,
    );
  }
  const extra = unknownKey(input, DELTA_KEYS);
  if (extra !== undefined) {
    throw inputFault(
      at,
      undefined,
      extra,
      `unknown field "${extra}"; a delta has only id, creator, host, timeCreated and pointers. Remove it.`,
    );
  }
  const given = (value: unknown) => value !== undefined && value !== null;
  const id = given(input.id) ? parseName(input.id, at, undefined, 'id') : context.newId();
  if (given(input.id)) at.id = id;
  const creator = given(input.creator) ? parseName(input.creator, at, undefined, 'creator') : context.creator;
  const host = given(input.host) ? parseName(input.host, at, undefined, 'host') : context.host;
  const timeCreated = given(input.timeCreated) ? parseTime(input.timeCreated, at) : context.now();
  const pointers = parsePointers(input.pointers, at);
  checkSizeDeclaration(pointers, at);
  const delta: Delta = { id, creator, host, timeCreated, pointers };
  checkTotalSize(delta, at);
  return delta;
};
