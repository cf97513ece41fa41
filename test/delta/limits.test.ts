import { describe, expect, it } from 'vitest';
import {
  MAX_DELTA_BYTES,
  MAX_NAME_LENGTH,
  MAX_POINTERS,
  MAX_STRING_BYTES,
  utf8Length,
} from '../../src/delta/limits.js';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { badInputFrom, fixedDefaults, wire } from './fixtures.js';

const parse = (input: unknown) => parseDelta(input, fixedDefaults(), 0);
const pointers = (n: number) => Array.from({ length: n }, (_, i) => ({ localContext: `c${i}`, target: i }));
const named = (field: 'localContext' | 'targetContext' | 'target.id', name: string) =>
  wire({
    pointers: [
      field === 'localContext'
        ? { localContext: name, target: 1 }
        : field === 'targetContext'
          ? { localContext: 'n', target: { id: 'x' }, targetContext: name }
          : { localContext: 'n', target: { id: name } },
    ],
  });
/** `n` code points, each a two-unit astral character, so UTF-16 length is 2n. */
const astral = (n: number) => '😀'.repeat(n);

describe('pointer count', () => {
  it(`accepts 1 and ${MAX_POINTERS} pointers`, () => {
    expect(parse(wire({ pointers: pointers(1) })).pointers).toHaveLength(1);
    expect(parse(wire({ pointers: pointers(MAX_POINTERS) })).pointers).toHaveLength(MAX_POINTERS);
  });

  it(`rejects ${MAX_POINTERS + 1} pointers`, () => {
    const error = badInputFrom(() => parse(wire({ pointers: pointers(MAX_POINTERS + 1) })));
    expect(error.message).toBe('Delta 0: pointers must be a list of 1 to 256 pointers, not 257 pointers.');
    expect(error.details).toEqual({ delta: 0, field: 'pointers' });
  });
});

describe.each(['localContext', 'targetContext', 'target.id'] as const)('%s length', (field) => {
  it(`accepts 1 and ${MAX_NAME_LENGTH} characters, counting code points`, () => {
    expect(() => parse(named(field, 'a'))).not.toThrow();
    expect(() => parse(named(field, 'a'.repeat(MAX_NAME_LENGTH)))).not.toThrow();
    expect(() => parse(named(field, astral(MAX_NAME_LENGTH)))).not.toThrow();
  });

  it(`rejects ${MAX_NAME_LENGTH + 1} characters`, () => {
    for (const name of ['a'.repeat(MAX_NAME_LENGTH + 1), astral(MAX_NAME_LENGTH + 1)]) {
      const error = badInputFrom(() => parse(named(field, name)));
      expect(error.message).toBe(
        `Delta 0, pointer 0: ${field} is 257 characters long; the limit is 256. Shorten it.`,
      );
      expect(error.details).toEqual({ delta: 0, pointer: 0, field });
    }
  });
});

describe.each(['id', 'creator', 'host'] as const)('%s length', (field) => {
  it('accepts 256 characters and rejects 257', () => {
    expect(parse(wire({ [field]: 'a'.repeat(256) }))[field]).toHaveLength(256);
    const error = badInputFrom(() => parse(wire({ [field]: 'a'.repeat(257) })));
    expect(error.message).toMatch(new RegExp(`^Delta 0: ${field} is 257 characters long; the limit is 256`));
    expect(error.details).toEqual({ delta: 0, field });
  });
});

describe('string target size', () => {
  const withValue = (value: string) => wire({ pointers: [{ localContext: 'bio', target: value }] });

  it('accepts exactly 64 KiB of UTF-8', () => {
    expect(() => parse(withValue('a'.repeat(MAX_STRING_BYTES)))).not.toThrow();
    // 'é' is two bytes in UTF-8 but one UTF-16 unit: the limit is on bytes.
    expect(() => parse(withValue('é'.repeat(MAX_STRING_BYTES / 2)))).not.toThrow();
  });

  it('rejects one byte more, counting UTF-8 bytes not characters', () => {
    for (const value of ['a'.repeat(MAX_STRING_BYTES + 1), `${'é'.repeat(MAX_STRING_BYTES / 2)}a`]) {
      const error = badInputFrom(() => parse(withValue(value)));
      expect(error.message).toMatch(
        /^Delta 0, pointer 0: the string target is 65537 bytes of UTF-8; the limit is 65536 \(64 KiB\)/,
      );
      expect(error.details).toEqual({ delta: 0, pointer: 0, field: 'target' });
    }
  });
});

describe('whole delta size', () => {
  /** A delta of exactly `bytes` bytes as JSON, made of 64 KiB string pointers plus one filler. */
  const sized = (bytes: number) => {
    const chunk = 'a'.repeat(MAX_STRING_BYTES);
    const full = [0, 1, 2].map((i) => ({ localContext: `p${i}`, target: chunk }));
    const base = {
      id: 'big',
      creator: 'c',
      host: 'h',
      timeCreated: 1,
      pointers: [...full, { localContext: 'f', target: '' }],
    };
    const filler = 'b'.repeat(bytes - utf8Length(JSON.stringify(base)));
    return { ...base, pointers: [...full, { localContext: 'f', target: filler }] };
  };

  it('accepts exactly 256 KiB', () => {
    const input = sized(MAX_DELTA_BYTES);
    expect(utf8Length(JSON.stringify(input))).toBe(MAX_DELTA_BYTES);
    expect(parse(input).id).toBe('big');
  });

  it('rejects one byte more, naming the size and the fix', () => {
    const error = badInputFrom(() => parse(sized(MAX_DELTA_BYTES + 1)));
    expect(error.message).toBe(
      'Delta 0 ("big"): the delta is 262145 bytes as JSON; the limit is 262144 (256 KiB). Split it into several deltas.',
    );
    expect(error.details).toEqual({ delta: 0, deltaId: 'big', field: 'pointers' });
  });

  it('counts JSON escapes, which make control characters six bytes each', () => {
    const control = '\u0001'.repeat(MAX_STRING_BYTES);
    const input = wire({ pointers: [0, 1, 2, 3].map((i) => ({ localContext: `p${i}`, target: control })) });
    expect(badInputFrom(() => parse(input)).message).toMatch(/the delta is \d+ bytes as JSON/);
  });
});
