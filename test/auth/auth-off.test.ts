import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { useTestDatabase } from '../support/database.js';
import { AUTH_MODEL, type AuthTestApp, codeOf, startAuthApp } from './support/auth-app.js';

/** A response to an operation that wrote: the cursor of its last delta (docs/design.md §9). */
const WROTE = { cursor: expect.any(String) };

const database = useTestDatabase();
let app: AuthTestApp;

beforeAll(async () => {
  app = await startAuthApp(database.url, { jwtSecret: undefined });
});
afterAll(() => app?.stop());

const EMIT = `mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { creator } }`;
const note = { pointers: [{ localContext: 'note', value: 1 }] };

describe('auth off: the playground keeps working, within the creator format', () => {
  it('any creator from the header or the delta is believed, and rules do not apply', async () => {
    const byHeader = await app.gql(EMIT, { d: [note] }, { 'x-rhizome-creator': 'bob@example.org' });
    expect(byHeader.data?.emitDeltas).toEqual([{ creator: 'bob@example.org' }]);
    const byDelta = await app.gql(EMIT, { d: [{ ...note, creator: 'auth0|carol' }] });
    expect(byDelta.data?.emitDeltas).toEqual([{ creator: 'auth0|carol' }]);
    const secret = await app.gql(`mutation { createSecret(id: "s", input: { code: "1" }) { code } }`);
    expect(secret).toEqual({ data: { createSecret: { code: '1' } }, extensions: WROTE });
  });

  it.each([
    ['empty', ''],
    ['with a blank', 'bob smith'],
    ['257 characters long', 'a'.repeat(257)],
    ['with markup', '<bob>'],
  ])(
    'a creator %s is BAD_USER_INPUT in the header and in DeltaInput, and nothing is stored',
    async (_name, creator) => {
      const before = await app.storedCount();
      expect(codeOf(await app.gql(EMIT, { d: [note] }, { 'x-rhizome-creator': creator }))).toBe(
        'BAD_USER_INPUT',
      );
      expect(codeOf(await app.gql(EMIT, { d: [{ ...note, creator }] }))).toBe('BAD_USER_INPUT');
      expect(await app.storedCount()).toBe(before);
    },
  );

  it('a future timeCreated is refused with auth off too', async () => {
    const before = await app.storedCount();
    const response = await app.gql(EMIT, { d: [{ ...note, timeCreated: Date.now() + 3_600_000 }] });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(await app.storedCount()).toBe(before);
  });

  it('in production, an open server logs one warning at start; a secured one none', async () => {
    const warnings = async (jwtSecret: string | undefined) => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const config = loadConfig({
        port: 0,
        host: '127.0.0.1',
        databaseUrl: database.url,
        nodeId: 'node-test',
        production: true,
        jwtSecret,
      });
      const started = createApp(config, { model: AUTH_MODEL, logger: pino({ level: 'warn' }, stream) });
      await started.start();
      await started.stop();
      return lines.filter((line) => line.includes('Auth is off'));
    };
    expect(await warnings(undefined)).toHaveLength(1);
    expect(await warnings('a-test-secret-of-at-least-32-bytes!!')).toHaveLength(0);
  });
});
