import { describe, expect, test } from 'vitest';
import { compareCursors, decodeCursor, encodeCursor, isAfter } from '../../src/store/feed-cursor.js';

describe('feed cursors', () => {
  test('round-trip, URL-safe and opaque', () => {
    for (const cursor of [
      { txid: 0n, position: 0n },
      { txid: 755n, position: 1n },
      { txid: 2n ** 64n - 1n, position: 2n ** 63n - 1n },
    ]) {
      const encoded = encodeCursor(cursor);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encoded).not.toContain(':');
      expect(decodeCursor(encoded)).toEqual(cursor);
    }
  });

  test.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from('12345').toString('base64url')],
    ['negative', Buffer.from('-1:2').toString('base64url')],
    ['leading zero', Buffer.from('01:2').toString('base64url')],
    ['extra part', Buffer.from('1:2:3').toString('base64url')],
    ['txid beyond xid8', Buffer.from(`${2n ** 64n}:1`).toString('base64url')],
    ['position beyond bigint', Buffer.from(`1:${2n ** 63n}`).toString('base64url')],
    ['far too long', 'A'.repeat(500)],
  ])('garbage (%s) is BAD_USER_INPUT', (_, garbage) => {
    expect(() => decodeCursor(garbage)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('feed order', () => {
  const at = (txid: bigint, position: bigint) => ({ txid, position });

  test('the transaction id comes first, the position breaks ties, and null is before everything', () => {
    const ordered = [null, at(1n, 9n), at(2n, 1n), at(2n, 3n), at(2n ** 64n - 1n, 0n)];
    for (const [i, a] of ordered.entries())
      for (const [j, b] of ordered.entries()) expect(Math.sign(compareCursors(a, b))).toBe(Math.sign(i - j));
  });

  test('isAfter is strict', () => {
    expect(isAfter(at(2n, 1n), at(1n, 5n))).toBe(true);
    expect(isAfter(at(1n, 5n), at(1n, 5n))).toBe(false);
    expect(isAfter(at(0n, 0n), null)).toBe(true);
  });
});
