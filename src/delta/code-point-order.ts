/**
 * String order every node agrees on (docs/design.md §2, §8): Unicode code
 * points, which `<` on JavaScript strings (UTF-16 order) is not. The one
 * comparator for strings; every sort of ids, names and values uses it.
 */

// UTF-16 units order surrogates (U+D800–DFFF) below U+E000–FFFF, but the code
// points they encode lie above U+FFFF; shifting them up restores code point order.
const fixup = (unit: number): number =>
  unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;

/** Negative when a comes before b in code point order. */
export const compareCodePoints = (a: string, b: string): number => {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < 0xd800 && y < 0xd800 ? x - y : fixup(x) - fixup(y);
  }
  return a.length - b.length;
};
