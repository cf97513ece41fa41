import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SECRET, token } from '../auth/support/auth-app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

// A followed node with auth on demands a token with the role `peer` for its feed
// (`RHIZOME_FEED_READ=roles:peer`, docs/design.md §7): followers without one are refused
// and store nothing; a follower with one converges.
const databases: TestDatabase[] = [];
const apps: TestApp[] = [];
let a: TestApp;

const follower = async (peerToken: string | undefined) => {
  const db = await createTestDatabase();
  databases.push(db);
  const app = await startTestApp(db.url, {
    nodeId: 'node-b',
    peers: [a.url.replace(/^http/, 'ws')],
    peerToken,
  });
  apps.push(app);
  return app;
};

const statusOf = async (app: TestApp) => {
  const { data } = await app.gql('{ rhizomeNode { peers { state lastError } } deltas { totalCount } }');
  const [peer] = (data?.rhizomeNode.peers ?? []) as { state: string; lastError: string | null }[];
  return { ...peer, total: data?.deltas.totalCount as number };
};

/** Waits until the follower has tried and failed at least once. */
const refusal = (app: TestApp) =>
  vi.waitFor(
    async () => {
      const status = await statusOf(app);
      if (status.lastError === null) throw new Error('the follower has not been refused yet');
      return status;
    },
    { timeout: 10_000, interval: 20 },
  );

beforeAll(async () => {
  const db = await createTestDatabase();
  databases.push(db);
  a = await startTestApp(db.url, { nodeId: 'node-a', jwtSecret: SECRET, feedRead: { roles: ['peer'] } });
  apps.push(a);
  const writer = { authorization: `Bearer ${await token('alice')}` };
  const created = await a.gql(
    'mutation { createPerson(id: "ada", input: { name: "Ada" }) { id } }',
    {},
    writer,
  );
  expect(created.errors).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await Promise.all(databases.map((db) => db.drop()));
});

describe('a followed node that demands a peer token', () => {
  it('answers an anonymous read of its feed with UNAUTHENTICATED', async () => {
    const { errors } = await a.gql('{ deltas { totalCount } }');
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(errors?.[0]?.message).toContain('one of the roles peer');
  });

  it('refuses a follower without a token, one with a bad signature and one without the role', async () => {
    const cases = [
      { peerToken: undefined, code: 'UNAUTHENTICATED' },
      {
        peerToken: await token('node-b', { roles: ['peer'], secret: 'another-secret-of-at-least-32-bytes' }),
        code: 'UNAUTHENTICATED',
      },
      { peerToken: await token('node-b', { roles: ['reader'] }), code: 'FORBIDDEN' },
    ];
    for (const { peerToken, code } of cases) {
      const b = await follower(peerToken);
      const status = await refusal(b);
      expect(status.lastError).toContain(code);
      expect(status.state).not.toBe('live');
      expect(status.total).toBe(0);
    }
  });

  it('lets a follower with the role peer converge', async () => {
    const b = await follower(await token('node-b', { roles: ['peer'] }));
    await vi.waitFor(
      async () => {
        const { data } = await b.gql('{ person(id: "ada") { name } }');
        expect(data?.person?.name).toBe('Ada');
      },
      { timeout: 10_000, interval: 20 },
    );
    expect((await statusOf(b)).lastError).toBeNull();
  });
});

describe('RHIZOME_FEED_READ', () => {
  it('takes public, authenticated or roles:<role>,…, and names what it takes otherwise', () => {
    const feedRead = (value: string) => loadConfig({}, { RHIZOME_FEED_READ: value }).feedRead;
    expect(loadConfig({}, {}).feedRead).toBe('public');
    expect(feedRead('authenticated')).toBe('authenticated');
    expect(feedRead('roles:peer, admin')).toEqual({ roles: ['peer', 'admin'] });
    expect(() => feedRead('peer')).toThrow(
      'RHIZOME_FEED_READ must be public, authenticated or roles:<role>[,<role>…], got "peer"',
    );
  });
});
