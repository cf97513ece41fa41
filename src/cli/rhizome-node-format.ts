import { isPlainObject } from '../delta/input-fault.js';

/**
 * rhizome-node timestamps come from `microtime.now()`: microseconds since the
 * epoch. Anything at or above this is read as microseconds (as milliseconds it
 * would be after the year 5000); below it, as milliseconds, which the
 * original's `withTimestamp` also accepts.
 */
const MICROSECONDS_FROM = 1e14;

/** Fields of the original's in-memory delta that describe its own node's receipt, not the delta. */
const RECEIPT_FIELDS = ['receivedFrom', 'timeReceived', 'transactionId'];

const pointerOf = (localContext: unknown, target: unknown, targetContext: unknown) =>
  // A string target with a targetContext is a reference to that entity (docs/design.md §1).
  typeof target === 'string' && typeof targetContext === 'string' && targetContext !== ''
    ? { localContext, target: { id: target }, targetContext }
    : { localContext, target };

/** V1: `[{ localContext, target, targetContext? }]`; V2: `{ [localContext]: primitive | { [targetId]: targetContext } }`. */
const pointersOf = (pointers: unknown): unknown => {
  if (Array.isArray(pointers)) {
    return pointers.map((p: unknown) =>
      isPlainObject(p) ? pointerOf(p.localContext, p.target, p.targetContext) : p,
    );
  }
  if (!isPlainObject(pointers)) return pointers;
  return Object.entries(pointers).map(([localContext, value]) => {
    if (isPlainObject(value)) {
      const [reference, ...more] = Object.entries(value);
      if (reference !== undefined && more.length === 0)
        return pointerOf(localContext, reference[0], reference[1]);
    }
    return { localContext, target: value };
  });
};

const timeOf = (time: unknown): unknown =>
  typeof time === 'number' && time >= MICROSECONDS_FROM ? Math.floor(time / 1000) : time;

/**
 * One delta as the original rhizome-node writes it (its network image, V1 or
 * V2), turned into Rhizome's wire format for `parseDelta`, which still checks
 * everything. Its `_rel_*` contexts pass through as data.
 * @example fromRhizomeNode({ id: 'd1', creator: 'c', host: 'h', timeCreated: 1.7e15, pointers: { name: 'Ada', person: { ada: 'name' } } })
 */
export const fromRhizomeNode = (value: unknown): unknown => {
  if (!isPlainObject(value)) return value;
  const delta: Record<string, unknown> = { ...value };
  for (const field of RECEIPT_FIELDS) delete delta[field];
  delta.timeCreated = timeOf(value.timeCreated);
  delta.pointers = pointersOf(value.pointers);
  return delta;
};
