import { describe, expect, it } from 'vitest';
import { createDeltaDefaults } from '../../src/delta/delta-defaults.js';
import { MAX_TIME } from '../../src/delta/limits.js';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { badInputFrom, fixedDefaults, wire } from './fixtures.js';

describe('parseDelta defaults', () => {
  it('fills id, creator, host and timeCreated when the input omits them', () => {
    expect(parseDelta(wire(), fixedDefaults())).toEqual({
      id: 'generated-1',
      creator: 'alice',
      host: 'node-a',
      timeCreated: 1000,
      pointers: [
        { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
        { localContext: 'name', target: 'Ada' },
      ],
    });
  });

  it('keeps every field the input gives, including a peer host', () => {
    const input = wire({ id: 'd1', creator: 'bob', host: 'node-b', timeCreated: 1764000000000 });
    expect(parseDelta(input, fixedDefaults())).toMatchObject({
      id: 'd1',
      creator: 'bob',
      host: 'node-b',
      timeCreated: 1764000000000,
    });
  });

  it('treats explicit nulls for optional fields as omitted', () => {
    const input = wire({ id: null, creator: null, host: null, timeCreated: null });
    expect(parseDelta(input, fixedDefaults())).toMatchObject({
      id: 'generated-1',
      creator: 'alice',
      host: 'node-a',
      timeCreated: 1000,
    });
  });

  it('accepts a Date for timeCreated, as the DateTime scalar delivers it', () => {
    expect(parseDelta(wire({ timeCreated: new Date(5000) }), fixedDefaults()).timeCreated).toBe(5000);
  });

  it('returns a copy that does not share objects with the input', () => {
    const input = wire();
    const delta = parseDelta(input, fixedDefaults());
    expect(delta.pointers).not.toBe(input.pointers);
    expect(delta.pointers[0]?.target).not.toBe((input.pointers as { target: unknown }[])[0]?.target);
  });

  it('accepts the null-prototype objects graphql-js builds for inputs', () => {
    const pointer = Object.assign(Object.create(null), { localContext: 'name', target: 'x' });
    const input = Object.assign(Object.create(null), { pointers: [pointer] });
    expect(parseDelta(input, fixedDefaults()).pointers).toEqual([{ localContext: 'name', target: 'x' }]);
  });

  it('createDeltaDefaults uses the clock and time-ordered UUIDv7 ids', () => {
    const defaults = createDeltaDefaults({ host: 'node-a' });
    const before = Date.now();
    const delta = parseDelta(wire(), defaults);
    expect(delta.creator).toBe('anonymous');
    expect(delta.host).toBe('node-a');
    expect(delta.timeCreated).toBeGreaterThanOrEqual(before);
    expect(delta.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createDeltaDefaults({ creator: 'carol', host: 'n' }).creator).toBe('carol');
  });
});

describe('parseDelta rejects malformed deltas', () => {
  const cases: [string, unknown, RegExp, string][] = [
    ['a non-object', 'hello', /^Delta: a delta must be an object with "pointers"/, 'delta'],
    ['an array', [], /^Delta: a delta must be an object.*not an array/, 'delta'],
    ['an unknown field', wire({ extra: 1 }), /unknown field "extra".*Remove it/, 'extra'],
    ['no pointers', { id: 'd1' }, /pointers must be a list of 1 to 256 pointers, not nothing/, 'pointers'],
    [
      'empty pointers',
      wire({ pointers: [] }),
      /pointers must be a list of 1 to 256 pointers, not 0 pointers/,
      'pointers',
    ],
    ['pointers as an object', wire({ pointers: {} }), /not an object/, 'pointers'],
    ['a numeric id', wire({ id: 7 }), /id must be a non-empty string.*not the number 7/, 'id'],
    ['an empty id', wire({ id: '' }), /id must not be empty/, 'id'],
    ['an empty creator', wire({ creator: '' }), /creator must not be empty/, 'creator'],
    ['a numeric host', wire({ host: 3 }), /host must be a non-empty string/, 'host'],
    [
      'a negative time',
      wire({ timeCreated: -1 }),
      /timeCreated must be a whole number of milliseconds/,
      'timeCreated',
    ],
    ['a fractional time', wire({ timeCreated: 1.5 }), /timeCreated must be a whole number/, 'timeCreated'],
    [
      'a string time',
      wire({ timeCreated: '2025-01-01' }),
      /timeCreated must be a whole number/,
      'timeCreated',
    ],
    ['an invalid Date', wire({ timeCreated: new Date(Number.NaN) }), /timeCreated/, 'timeCreated'],
    ['a time beyond Date', wire({ timeCreated: MAX_TIME + 1 }), /timeCreated/, 'timeCreated'],
  ];

  it.each(cases)('rejects %s', (_, input, message, field) => {
    const error = badInputFrom(() => parseDelta(input, fixedDefaults()));
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ field });
  });

  it('accepts the time boundaries 0 and the largest Date', () => {
    expect(parseDelta(wire({ timeCreated: 0 }), fixedDefaults()).timeCreated).toBe(0);
    expect(parseDelta(wire({ timeCreated: MAX_TIME }), fixedDefaults()).timeCreated).toBe(MAX_TIME);
  });

  it('names the delta by its label and, once valid, its id', () => {
    const error = badInputFrom(() => parseDelta(wire({ id: 'abc', creator: 5 }), fixedDefaults(), 'Input'));
    expect(error.message).toMatch(/^Input \("abc"\): creator must be/);
    expect(error.details).toEqual({ deltaId: 'abc', field: 'creator' });
  });

  it('shortens a long id in the message but keeps it whole in the details', () => {
    const id = 'x'.repeat(200);
    const error = badInputFrom(() => parseDelta(wire({ id, host: '' }), fixedDefaults(), 0));
    expect(error.message).toMatch(/^Delta 0 \("x{37}\.\.\."\): host must not be empty/);
    expect(error.details).toMatchObject({ delta: 0, deltaId: id });
  });
});

describe('parseDelta with an index', () => {
  it('names the delta index, id, pointer index and field at fault', () => {
    const bad = wire({
      id: 'abc',
      pointers: [
        { localContext: 'person', target: { id: 'p1' }, targetContext: 'name' },
        { localContext: 'name', target: 'Ada', targetContext: 'name' },
      ],
    });
    const error = badInputFrom(() => parseDelta(bad, fixedDefaults(), 2));
    expect(error.message).toBe(
      'Delta 2 ("abc"), pointer 1: targetContext is only allowed on entity references ({ "id": ... }); remove it or make the target an entity reference.',
    );
    expect(error.details).toEqual({ delta: 2, deltaId: 'abc', pointer: 1, field: 'targetContext' });
  });

  it('names a delta without an id by its index only', () => {
    const error = badInputFrom(() =>
      parseDelta({ pointers: [{ localContext: 'a', target: undefined }] }, fixedDefaults(), 1),
    );
    expect(error.message).toMatch(/^Delta 1, pointer 0: target is missing/);
    expect(error.details).toEqual({ delta: 1, pointer: 0, field: 'target' });
  });
});
