import { describe, expect, it } from 'vitest';
import { parseDelta } from '../../src/delta/parse-delta.js';
import { badInputFrom, fixedDefaults } from './fixtures.js';

/** Parses a delta whose pointer 1 is `pointer`, after a valid pointer 0. */
const withPointer = (pointer: unknown) =>
  parseDelta(
    {
      id: 'd1',
      pointers: [{ localContext: 'person', target: { id: 'p1' }, targetContext: 'name' }, pointer],
    },
    fixedDefaults(),
    0,
  );

const faultOf = (pointer: unknown) => badInputFrom(() => withPointer(pointer));

describe('pointer targets', () => {
  it.each([
    ['a string', 'Ada'],
    ['an empty string', ''],
    ['an integer', 42],
    ['a negative float', -1.25],
    ['true', true],
    ['false', false],
    ['null', null],
    ['an entity reference', { id: 'acme' }],
  ])('accepts %s', (_, target) => {
    expect(withPointer({ localContext: 'name', target }).pointers[1]).toEqual({
      localContext: 'name',
      target,
    });
  });

  it('stores -0 as 0, as JSON would', () => {
    expect(Object.is(withPointer({ localContext: 'n', target: -0 }).pointers[1]?.target, 0)).toBe(true);
  });

  it('keeps targetContext on an entity reference', () => {
    const pointer = { localContext: 'employer', target: { id: 'acme' }, targetContext: 'employees' };
    expect(withPointer(pointer).pointers[1]).toEqual(pointer);
  });

  it('treats a null targetContext as omitted', () => {
    expect(withPointer({ localContext: 'n', target: 1, targetContext: null }).pointers[1]).toEqual({
      localContext: 'n',
      target: 1,
    });
  });

  it.each([
    ['NaN', Number.NaN, /target must be a finite number, not NaN/],
    ['Infinity', Number.POSITIVE_INFINITY, /target must be a finite number, not the number Infinity/],
    ['-Infinity', Number.NEGATIVE_INFINITY, /target must be a finite number/],
    [
      'an array',
      [1],
      /target must be a string, a finite number, a boolean, null, an entity reference \{ "id": "..." \} or a JSON object or array wrapped as \{ "json": ... \}/,
    ],
    ['a bigint', 1n, /not a bigint/],
    ['a Date', new Date(0), /not an object/],
  ])('rejects %s as a target', (_, target, message) => {
    const error = faultOf({ localContext: 'n', target });
    expect(error.message).toMatch(/^Delta 0 \("d1"\), pointer 1: /);
    expect(error.message).toMatch(message);
    expect(error.details).toEqual({ delta: 0, deltaId: 'd1', pointer: 1, field: 'target' });
  });

  it('rejects a missing target', () => {
    const error = faultOf({ localContext: 'n' });
    expect(error.message).toMatch(
      /pointer 1: target is missing; give a string, number, boolean, null or an entity/,
    );
    expect(error.details).toMatchObject({ field: 'target' });
  });

  it('rejects extra keys on an entity reference', () => {
    const error = faultOf({ localContext: 'n', target: { id: 'x', type: 'Person' } });
    expect(error.message).toMatch(
      /pointer 1: an entity reference has only "id"; remove "type" from the target/,
    );
    expect(error.details).toMatchObject({ pointer: 1, field: 'target.type' });
  });

  it.each([
    ['missing', {}, /target\.id is missing/],
    ['empty', { id: '' }, /target\.id must not be empty/],
    ['a number', { id: 5 }, /target\.id must be a non-empty string/],
  ])('rejects an entity id that is %s', (_, target, message) => {
    const error = faultOf({ localContext: 'n', target });
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ pointer: 1, field: 'target.id' });
  });

  it('rejects targetContext on a primitive target, saying how to fix it', () => {
    const error = faultOf({ localContext: 'n', target: 'Ada', targetContext: 'name' });
    expect(error.message).toBe(
      'Delta 0 ("d1"), pointer 1: targetContext is only allowed on entity references ({ "id": ... }); remove it or make the target an entity reference.',
    );
  });
});

describe('pointer shape', () => {
  it.each([
    ['a string', 'name'],
    ['null', null],
    ['an array', []],
  ])('rejects a pointer that is %s', (_, pointer) => {
    const error = faultOf(pointer);
    expect(error.message).toMatch(/pointer 1: each pointer must be an object like/);
    expect(error.details).toMatchObject({ pointer: 1, field: 'pointer' });
  });

  it('rejects unknown pointer fields', () => {
    const error = faultOf({ localContext: 'n', target: 1, entity: 'p1' });
    expect(error.message).toMatch(
      /pointer 1: unknown field "entity"; a pointer has only localContext, target/,
    );
    expect(error.details).toMatchObject({ pointer: 1, field: 'entity' });
  });

  it.each([
    ['missing', undefined, /localContext is missing/],
    ['empty', '', /localContext must not be empty/],
    ['a number', 1, /localContext must be a non-empty string/],
  ])('rejects a localContext that is %s', (_, localContext, message) => {
    const error = faultOf({ localContext, target: 1 });
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ pointer: 1, field: 'localContext' });
  });

  it.each([
    ['empty', '', /targetContext must not be empty/],
    ['a number', 3, /targetContext must be a non-empty string/],
  ])('rejects a targetContext that is %s', (_, targetContext, message) => {
    const error = faultOf({ localContext: 'n', target: { id: 'x' }, targetContext });
    expect(error.message).toMatch(message);
    expect(error.details).toMatchObject({ pointer: 1, field: 'targetContext' });
  });

  it('rejects strings Postgres cannot store: NUL and unpaired surrogates', () => {
    expect(faultOf({ localContext: 'a\u0000b', target: 1 }).message).toMatch(/localContext contains a NUL/);
    expect(faultOf({ localContext: 'n', target: 'x\uD800' }).details).toMatchObject({ field: 'target' });
    expect(faultOf({ localContext: 'n', target: '\uDC00x' }).message).toMatch(/unpaired UTF-16 surrogate/);
    expect(faultOf({ localContext: 'n', target: { id: 'a\u0000' } }).details).toMatchObject({
      field: 'target.id',
    });
    expect(withPointer({ localContext: 'n', target: 'emoji 😀' }).pointers[1]?.target).toBe('emoji 😀');
  });
});
