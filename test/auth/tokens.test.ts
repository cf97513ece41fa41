import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type AuthTestApp, bearer, codeOf, startAuthApp, token } from './support/auth-app.js';

const database = useTestDatabase();
let app: AuthTestApp;

beforeAll(async () => {
  app = await startAuthApp(database.url);
});
afterAll(() => app?.stop());

const CREATE = `mutation { createPerson(input: { name: "Ada" }) { id } }`;
const EMIT = `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "note", value: "hi" }] }]) { creator } }`;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens (docs/design.md §6)', () => {
  it('a valid token writes, and its sub becomes the creator of every delta', async () => {
    const created = await app.gql(
      `mutation { createPerson(id: "ada", input: { name: "Ada" }) { _deltas { creator host } } }`,
      {},
      await bearer('alice'),
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createPerson._deltas).toEqual([{ creator: 'alice', host: 'node-test' }]);
    const emitted = await app.gql(EMIT, {}, await bearer('alice'));
    expect(emitted.data?.emitDeltas).toEqual([{ creator: 'alice' }]);
  });

  it('reading a public type needs no token', async () => {
    const read = await app.gql(`{ person(id: "ada") { name } }`);
    expect(read).toEqual({ data: { person: { name: 'Ada' } } });
  });

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['missing', async () => ({})],
    ['expired', async () => bearer('alice', { exp: nowSeconds() - 10 })],
    ['wrongly signed', async () => bearer('alice', { secret: 'another-secret-of-at-least-32-bytes' })],
    [
      'alg: none',
      async () => ({
        authorization: `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'alice', exp: nowSeconds() + 60 })}.`,
      }),
    ],
    ['garbage', async () => ({ authorization: 'Bearer not.a.token' })],
    [
      'not a Bearer value',
      async () => ({ authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` }),
    ],
    [
      'without sub',
      async () => ({
        authorization: `Bearer ${await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!'))}`,
      }),
    ],
  ];

  it.each(cases)(
    'a %s token is UNAUTHENTICATED on a typed mutation and on emitDeltas, and nothing is stored',
    async (_name, headers) => {
      const before = await app.storedCount();
      for (const mutation of [CREATE, EMIT]) {
        const response = await app.gql(mutation, {}, await headers());
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
        expect(response.data ?? null).toBeNull();
      }
      expect(await app.storedCount()).toBe(before);
    },
  );

  it('a bad token is refused even for a public read, so a client learns its token is wrong', async () => {
    const response = await app.gql(`{ person(id: "ada") { name } }`, {}, { authorization: 'Bearer garbage' });
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
  });

  it('the message says what is wrong with the token, and never echoes it', async () => {
    const expired = await token('alice', { exp: nowSeconds() - 10 });
    const response = await app.gql(CREATE, {}, { authorization: `Bearer ${expired}` });
    expect(response.errors?.[0]?.message).toMatch(/expired/);
    expect(JSON.stringify(response)).not.toContain(expired);
  });
});

describe('issuer, audience and JWKS (RS256)', () => {
  it('accepts only tokens from the JWKS with the configured issuer and audience', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    const other = await startAuthApp(database.url, {
      jwtSecret: undefined,
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      jwtIssuer: 'https://issuer.test',
      jwtAudience: 'rhizome',
    });
    try {
      const sign = (claims: { iss: string; aud: string }) =>
        new SignJWT({ roles: [] })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('carol')
          .setIssuer(claims.iss)
          .setAudience(claims.aud)
          .setExpirationTime('1h')
          .sign(privateKey);
      const good = await other.gql(
        EMIT,
        {},
        { authorization: `Bearer ${await sign({ iss: 'https://issuer.test', aud: 'rhizome' })}` },
      );
      expect(good.data?.emitDeltas).toEqual([{ creator: 'carol' }]);
      const before = await other.storedCount();
      for (const claims of [
        { iss: 'https://evil.test', aud: 'rhizome' },
        { iss: 'https://issuer.test', aud: 'another-service' },
      ]) {
        const bad = await other.gql(EMIT, {}, { authorization: `Bearer ${await sign(claims)}` });
        expect(codeOf(bad)).toBe('UNAUTHENTICATED');
      }
      // An HS256 token must not pass as RS256 (key confusion).
      const hs = await other.gql(EMIT, {}, await bearer('carol'));
      expect(codeOf(hs)).toBe('UNAUTHENTICATED');
      expect(await other.storedCount()).toBe(before);
    } finally {
      await other.stop();
      jwks.close();
    }
  });
});
