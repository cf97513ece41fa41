import { NEGATES, TRANSACTION } from './delta.js';

const UNDERSCORE = 95;

/**
 * The pointer roles the views act on (docs/design.md §1): negations and
 * transactions. Any other `_` context in a delta (rhizome-node's `_rel_*`) is
 * data: stored, relayed and shown in lossless views like any other pointer.
 * The one home of that rule.
 */
export const isSystemContext = (name: string): boolean => name === NEGATES || name === TRANSACTION;

/**
 * Names a declaration may not use (docs/design.md §1, Reserved names): every
 * name that begins with `_` belongs to the system, including GraphQL's
 * `_deltas` and `_lossless`.
 */
export const isReservedName = (name: string): boolean => name.charCodeAt(0) === UNDERSCORE;
