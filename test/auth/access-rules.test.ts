import { describe, expect, it } from 'vitest';
import { isRhizomeError } from '../../src/errors.js';
import { compileModel } from '../../src/model/compile-model.js';

const compile = (access: unknown) =>
  compileModel([
    {
      file: 'schema/secret.ts',
      declarations: { name: 'Secret', properties: { code: { type: 'String' } }, access },
    },
  ]).entity('Secret')?.access;

const failure = (access: unknown) => {
  try {
    compile(access);
  } catch (error) {
    return isRhizomeError(error) ? `${error.code} ${error.message}` : String(error);
  }
  return 'compiled';
};

describe('access rules in declarations', () => {
  it('default to public reads and authenticated writes', () => {
    expect(compile(undefined)).toEqual({ read: 'public', write: 'authenticated' });
    expect(compile({ write: 'public' })).toEqual({ read: 'public', write: 'public' });
  });

  it('compile role rules, without duplicate roles', () => {
    expect(compile({ read: 'authenticated', write: { roles: ['editor', 'editor', 'admin'] } })).toEqual({
      read: 'authenticated',
      write: { roles: ['editor', 'admin'] },
    });
  });

  it.each([
    ['a string that is no rule', { read: 'everyone' }, /access\.read must be/],
    ['an empty roles list', { write: { roles: [] } }, /non-empty array/],
    [
      'a role that is not a name',
      { write: { roles: ['an editor'] } },
      /access\.write\.roles holds "an editor"/,
    ],
    ['an unknown key in a rule', { write: { roles: ['a'], users: ['bob'] } }, /unknown key "users"/],
    ['an unknown access key', { delete: 'public' }, /unknown key "delete"/],
    ['access that is not an object', 'public', /"access" must be an object/],
  ])('refuse %s with SCHEMA_INVALID naming the file', (_name, access, pattern) => {
    const message = failure(access);
    expect(message).toMatch(/^SCHEMA_INVALID schema\/secret\.ts: Secret: /);
    expect(message).toMatch(pattern);
  });
});
