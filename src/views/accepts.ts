import { toDateTimeMillis } from '../delta/date-time.js';
import { isEntityRef, type Target } from '../delta/delta.js';
import type { PropertyType, ScalarName } from '../model/model.js';

/** Decides whether a contributed value may take part in a property's resolution. */
export type Accepts = (value: Target) => boolean;

const INT_MAX = 2 ** 31 - 1;

/**
 * A value counts only when it is a valid value of the declared type, so a
 * GraphQL client never receives a wrongly typed one and nothing is coerced:
 * a number sent to a String property, or a string to an Int, is ignored (it
 * stays visible in the lossless view). Int means GraphQL's 32-bit Int; ID takes
 * strings; DateTime takes what the DateTime scalar takes (`toDateTimeMillis`:
 * in a `Date`'s range, so it always serialises); JSON takes anything.
 */
const SCALAR_ACCEPTS: Readonly<Record<ScalarName, Accepts>> = {
  String: (value) => typeof value === 'string',
  ID: (value) => typeof value === 'string',
  Int: (value) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT_MAX,
  Float: (value) => typeof value === 'number',
  Boolean: (value) => typeof value === 'boolean',
  DateTime: (value) => toDateTimeMillis(value) !== undefined,
  JSON: () => true,
};

/**
 * What a resolver folds for a property of this type. `null` is accepted only
 * where it is itself a sensible result (a single scalar or reference set to
 * null by its latest write); lists and numeric/string folds skip it.
 */
export const acceptsFor = (type: PropertyType, allowNull: boolean): Accepts => {
  const base = type.kind === 'reference' ? isEntityRef : SCALAR_ACCEPTS[type.scalar];
  if (type.kind === 'scalar' && type.scalar === 'JSON') return allowNull ? base : (value) => value !== null;
  return allowNull ? (value) => value === null || base(value) : base;
};

/** Whether an already resolved (e.g. custom) result is valid for the type. */
export const resultFits = (type: PropertyType, value: unknown): boolean => {
  const one = (item: unknown): boolean => {
    if (type.kind === 'reference') {
      return typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string';
    }
    if (type.scalar === 'JSON') return item !== undefined;
    if (typeof item === 'number' && !Number.isFinite(item)) return false;
    return (
      (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') &&
      SCALAR_ACCEPTS[type.scalar](item)
    );
  };
  if (type.list) return Array.isArray(value) && value.every(one);
  return value === null || one(value);
};
