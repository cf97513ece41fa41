import {
  isEntityRef,
  NEGATED_BY,
  NEGATES,
  type Pointer,
  type Target,
  TRANSACTION,
  TRANSACTION_DELTAS,
  TRANSACTION_SIZE,
} from './delta.js';
import { type DeltaLocation, describe, inputFault, isPlainObject, unknownKey } from './input-fault.js';
import { parseJsonTarget } from './json-value.js';
import { parseName, parseStringValue } from './parse-text.js';

const POINTER_KEYS = new Set(['localContext', 'target', 'targetContext']);
const REF_KEYS = new Set(['id']);
const JSON_KEYS = new Set(['json']);

const parseTarget = (value: unknown, at: DeltaLocation, index: number): Target => {
  switch (typeof value) {
    case 'string':
      return parseStringValue(value, at, index);
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw inputFault(at, index, 'target', `target must be a finite number, not ${describe(value)}.`);
      }
      // JSON has no -0; keeping it would make a stored delta differ from its re-submit.
      return value === 0 ? 0 : value;
  }
  if (value === null) return null;
  if (isPlainObject(value)) {
    if ('json' in value) {
      const extra = unknownKey(value, JSON_KEYS);
      if (extra !== undefined) {
        throw inputFault(at, index, `target.${extra}`, `a JSON value has only "json"; remove "${extra}".`);
      }
      return parseJsonTarget(value.json, at, index);
    }
    const extra = unknownKey(value, REF_KEYS);
    if (extra !== undefined) {
      throw inputFault(
        at,
        index,
        `target.${extra}`,
        `an entity reference has only "id"; remove "${extra}" from the target.`,
      );
    }
    return { id: parseName(value.id, at, index, 'target.id') };
  }
  throw inputFault(
    at,
    index,
    'target',
    `target must be a string, a finite number, a boolean, null, an entity reference { "id": "..." } or a JSON object or array wrapped as { "json": ... }, not ${describe(value)}.`,
  );
};

/**
 * The shapes of the system pointers, so views never meet a malformed negation
 * or transaction. Only `_negates` and `_transaction` are system contexts; any
 * other `_` name in a delta is data (rhizome-node's `_rel_*`, docs/design.md
 * §1): stored, relayed, shown in lossless views. Declarations alone may not
 * use `_` names (compile-model.ts).
 */
const checkSystemPointer = (pointer: Pointer, at: DeltaLocation, index: number) => {
  const { localContext, target, targetContext } = pointer;
  const ref = isEntityRef(target);
  if (localContext === NEGATES && (!ref || targetContext !== NEGATED_BY)) {
    throw inputFault(
      at,
      index,
      ref ? 'targetContext' : 'target',
      `a "${NEGATES}" pointer must be { "localContext": "${NEGATES}", "target": { "id": "<delta id>" }, "targetContext": "${NEGATED_BY}" }.`,
    );
  }
  if (
    localContext === TRANSACTION &&
    (!ref || (targetContext !== TRANSACTION_DELTAS && targetContext !== TRANSACTION_SIZE))
  ) {
    throw inputFault(
      at,
      index,
      ref ? 'targetContext' : 'target',
      `a "${TRANSACTION}" pointer must target { "id": "<transaction id>" } with targetContext "${TRANSACTION_DELTAS}" or "${TRANSACTION_SIZE}".`,
    );
  }
};

/** Validates one untrusted pointer and returns a fresh, canonical copy. */
export const parsePointer = (value: unknown, at: DeltaLocation, index: number): Pointer => {
  if (!isPlainObject(value)) {
    throw inputFault(
      at,
      index,
      'pointer',
      `each pointer must be an object like { "localContext": "name", "target": "Ada" }, not ${describe(value)}.`,
    );
  }
  const extra = unknownKey(value, POINTER_KEYS);
  if (extra !== undefined) {
    throw inputFault(
      at,
      index,
      extra,
      `unknown field "${extra}"; a pointer has only localContext, target and targetContext. Remove it.`,
    );
  }
  const localContext = parseName(value.localContext, at, index, 'localContext');
  if (value.target === undefined) {
    throw inputFault(
      at,
      index,
      'target',
      'target is missing; give a string, number, boolean, null or an entity reference { "id": "..." }.',
    );
  }
  const target = parseTarget(value.target, at, index);
  // null counts as omitted: GraphQL clients send explicit nulls for optional fields.
  if (value.targetContext === undefined || value.targetContext === null) {
    const pointer = { localContext, target };
    checkSystemPointer(pointer, at, index);
    return pointer;
  }
  const targetContext = parseName(value.targetContext, at, index, 'targetContext');
  if (!isEntityRef(target)) {
    throw inputFault(
      at,
      index,
      'targetContext',
      'targetContext is only allowed on entity references ({ "id": ... }); remove it or make the target an entity reference.',
    );
  }
  const pointer = { localContext, target, targetContext };
  checkSystemPointer(pointer, at, index);
  return pointer;
};
