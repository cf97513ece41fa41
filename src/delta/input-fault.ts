import { RhizomeError } from '../errors.js';

/** Where in a batch a delta sits, so every message can name it. */
export interface DeltaLocation {
  /** How messages name the delta, e.g. `Delta 2`. */
  readonly label: string;
  /** Index in the submitted batch, when there is one. */
  readonly index?: number;
  /** The delta's id once it is known to be a valid string. */
  id?: string;
}

export const locate = (where: string | number | undefined): DeltaLocation =>
  typeof where === 'number' ? { label: `Delta ${where}`, index: where } : { label: where ?? 'Delta' };

// Ids may be 256 characters; messages stay readable with a shortened echo.
const shorten = (text: string): string => (text.length > 40 ? `${text.slice(0, 37)}...` : text);

/**
 * A `BAD_USER_INPUT` error whose message reads
 * `Delta 2 ("abc"), pointer 1: <problem and how to fix it>`.
 */
export const inputFault = (
  at: DeltaLocation,
  pointer: number | undefined,
  field: string,
  problem: string,
): RhizomeError => {
  const id = at.id === undefined ? '' : ` (${JSON.stringify(shorten(at.id))})`;
  const place = pointer === undefined ? '' : `, pointer ${pointer}`;
  return new RhizomeError('BAD_USER_INPUT', `${at.label}${id}${place}: ${problem}`, {
    details: {
      ...(at.index === undefined ? {} : { delta: at.index }),
      ...(at.id === undefined ? {} : { deltaId: at.id }),
      ...(pointer === undefined ? {} : { pointer }),
      field,
    },
  });
};

/** Names a JSON value's kind for messages like "got an array". */
export const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
};

/** Plain JSON objects, including the null-prototype objects graphql-js builds for inputs. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Returns the first own key not in `allowed`. */
export const unknownKey = (
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
): string | undefined => {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return key;
  return undefined;
};
