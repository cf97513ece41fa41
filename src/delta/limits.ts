/** Wire-format limits for a delta (docs/design.md §1). Exported so transports can document them. */

export const MAX_POINTERS = 256;
/** For `localContext`, `targetContext`, ids, `creator` and `host`, counted in Unicode code points. */
export const MAX_NAME_LENGTH = 256;
/** A string target, in UTF-8 bytes (64 KiB). */
export const MAX_STRING_BYTES = 64 * 1024;
/** A whole delta serialised as JSON, in UTF-8 bytes (256 KiB). */
export const MAX_DELTA_BYTES = 256 * 1024;
/** The largest time a JavaScript `Date` (and so the `DateTime` scalar) can represent. */
export const MAX_TIME = 8_640_000_000_000_000;

/**
 * Code points, for length limits. Exact above MAX_NAME_LENGTH; below it, the
 * UTF-16 length, which can only overcount and is then still within the limit.
 */
export const codePointLength = (value: string): number => {
  // A code point takes one or two UTF-16 units, so a short string needs no counting.
  if (value.length <= MAX_NAME_LENGTH) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
};

/** Postgres text cannot hold NUL, and unpaired surrogates have no UTF-8 encoding. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableString = (value: string): boolean =>
  !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);

export const utf8Length = (value: string): number => Buffer.byteLength(value, 'utf8');
