import type { AccessModel, AccessRule } from './model.js';
import { type SchemaPlace, schemaInvalid } from './schema-invalid.js';

const ACCESS_KEYS: ReadonlySet<string> = new Set(['read', 'write']);
/** Role names are matched exactly against the token's roles claim; no blanks, so typos show. */
const ROLE_NAME = /^[^\s]{1,256}$/;

/** What an entity allows when its declaration says nothing (docs/design.md §6). */
export const DEFAULT_ACCESS: AccessModel = Object.freeze({ read: 'public', write: 'authenticated' });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const compileRule = (raw: unknown, place: SchemaPlace, key: string): AccessRule => {
  if (raw === 'public' || raw === 'authenticated') return raw;
  const problem = `access.${key} must be 'public', 'authenticated' or { roles: ['a role', ...] }`;
  if (!isRecord(raw)) throw schemaInvalid(place, `${problem}, not ${JSON.stringify(raw) ?? String(raw)}`);
  const extra = Object.keys(raw).find((k) => k !== 'roles');
  if (extra !== undefined) throw schemaInvalid(place, `${problem}; unknown key "${extra}"`);
  const { roles } = raw;
  if (!Array.isArray(roles) || roles.length === 0) {
    throw schemaInvalid(place, `${problem}; "roles" must be a non-empty array of role names`);
  }
  for (const role of roles) {
    if (typeof role !== 'string' || !ROLE_NAME.test(role)) {
      throw schemaInvalid(
        place,
        `access.${key}.roles holds ${JSON.stringify(role)}; a role is 1 to 256 characters without blanks`,
      );
    }
  }
  return Object.freeze({ roles: Object.freeze([...new Set(roles as string[])]) });
};

/**
 * Compiles a declaration's `access: { read?, write? }`. Unset rules take the
 * defaults; whether rules apply at all is the server's setting (auth on or off).
 *
 * @example compileAccess({ write: { roles: ['editor'] } }, place) // { read: 'public', write: { roles: ['editor'] } }
 */
export const compileAccess = (raw: unknown, place: SchemaPlace): AccessModel => {
  if (raw === undefined) return DEFAULT_ACCESS;
  if (!isRecord(raw)) throw schemaInvalid(place, '"access" must be an object { read?, write? }');
  for (const key of Object.keys(raw)) {
    if (!ACCESS_KEYS.has(key)) throw schemaInvalid(place, `access has unknown key "${key}"; use read, write`);
  }
  return Object.freeze({
    read: raw.read === undefined ? DEFAULT_ACCESS.read : compileRule(raw.read, place, 'read'),
    write: raw.write === undefined ? DEFAULT_ACCESS.write : compileRule(raw.write, place, 'write'),
  });
};
