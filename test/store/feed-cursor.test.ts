import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/store/feed-cursor.js';

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
