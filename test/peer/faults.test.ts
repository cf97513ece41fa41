import { afterAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/store/feed-cursor.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { runCli } from '../support/run-cli.js';
import {
  agreedPeople,
  countDeltas,
  deltasTable,
  emit,
  nameDelta,
  storedNameDelta,
  totalOf,
  waitFor,
} from './support/convergence.js';
import { freePort, type PeerNode, startPeerNode } from './support/peer-node.js';

const databases: TestDatabase[] = [];
const nodes: PeerNode[] = [];
const wsOf = (port: number) => `ws://127.0.0.1:${port}/graphql`;

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await Promise.all(databases.map((db) => db.drop()));
}, 60_000);

const database = async () => {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
};

const seed = async (
  db: TestDatabase,
  deltas: Parameters<ReturnType<typeof createPostgresStore>['append']>[0],
) => {
  const store = createPostgresStore({ url: db.url, maxConnections: 1 });
  try {
    for (let i = 0; i < deltas.length; i += 1000) await store.append(deltas.slice(i, i + 1000));
  } finally {
    await store.close();
  }
};

const start = async (options: Parameters<typeof startPeerNode>[0]) => {
  const node = await startPeerNode(options);
  nodes.push(node);
  return node;
};

interface Status {
  rhizomeNode: { peers: { state: string; quarantined: number; cursor: string | null }[] };
}

describe('peering faults', () => {
  it('a follower SIGKILLed in the middle of catching up resumes: nothing lost, nothing doubled', async () => {
    const total = 20_000;
    const [dbA, dbB, dbC] = await Promise.all([database(), database(), database()]);
    await seed(
      dbA,
      Array.from({ length: total }, (_, i) =>
        storedNameDelta(`k${String(i).padStart(6, '0')}`, `p${i % 200}`, `N${i}`),
      ),
    );
    const [portA, portB, portC] = await Promise.all([freePort(), freePort(), freePort()]);
    const a = await start({ nodeId: 'node-a', port: portA, databaseUrl: dbA.url });
    const followA = { nodeId: 'node-b', port: portB, databaseUrl: dbB.url, peers: [wsOf(portA)] };
    const b1 = await startPeerNode(followA);
    await waitFor('B to be part-way', async () => (await countDeltas(dbB.url)) >= 1000, 120_000);
    await b1.kill();
    const atKill = await countDeltas(dbB.url);
    expect(atKill).toBeLessThan(total); // it really was in the middle

    const b = await start(followA);
    const c = await start({ nodeId: 'node-c', port: portC, databaseUrl: dbC.url, peers: [wsOf(portB)] });
    await waitFor('C to hold everything', async () => (await countDeltas(dbC.url)) === total, 180_000);
    await waitFor('B to hold everything', async () => (await countDeltas(dbB.url)) === total, 60_000);

    const [tableA, tableB, tableC] = await Promise.all([dbA, dbB, dbC].map((db) => deltasTable(db.url)));
    expect(tableB).toEqual(tableA);
    expect(tableC).toEqual(tableA);
    const [viewA, viewB, viewC] = await agreedPeople([a, b, c], 200);
    expect(viewB).toEqual(viewA);
    expect(viewC).toEqual(viewA);
    expect(viewA).toHaveLength(200);

    // The stored cursor is A's last feed position: the next batch starts right after it.
    const storeA = createPostgresStore({ url: dbA.url, maxConnections: 1 });
    const storeB = createPostgresStore({ url: dbB.url, maxConnections: 1 });
    const head = await storeA.head();
    expect(head).not.toBeNull();
    await waitFor('B to report its cursor', async () => (await storeB.peerCursor(wsOf(portA))) !== null);
    expect(await storeB.peerCursor(wsOf(portA))).toBe(encodeCursor(head as NonNullable<typeof head>));
    await Promise.all([storeA.close(), storeB.close()]);
  }, 400_000);

  it('quarantines a conflicting id, lists it, and goes on following', async () => {
    const [dbA, dbB] = await Promise.all([database(), database()]);
    await seed(dbA, [
      storedNameDelta('q0', 'ann', 'Ann', 'node-a'),
      storedNameDelta('q1', 'ann', 'Remote', 'node-a'),
      storedNameDelta('q2', 'bea', 'Bea', 'node-a'),
    ]);
    await seed(dbB, [storedNameDelta('q1', 'ann', 'Local', 'node-b')]);
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    const a = await start({ nodeId: 'node-a', port: portA, databaseUrl: dbA.url });
    const b = await start({ nodeId: 'node-b', port: portB, databaseUrl: dbB.url, peers: [wsOf(portA)] });
    await waitFor('B to store the rest of the batch', async () => (await totalOf(b)) === 3);
    await emit(a, [nameDelta('q3', 'cid', 'Cid')]);
    await waitFor('B to follow on', async () => (await totalOf(b)) === 4);

    const status = await b.query<Status>('{ rhizomeNode { peers { state quarantined cursor } } }');
    expect(status.rhizomeNode.peers).toMatchObject([{ state: 'live', quarantined: 1 }]);
    const [people] = (await agreedPeople([b], 3)) as { id: string; name: string }[][];
    expect((people ?? []).map((p) => [p.id, p.name])).toEqual([
      ['ann', 'Local'], // B keeps its own q1; the peer's "Remote" is only in quarantine
      ['bea', 'Bea'],
      ['cid', 'Cid'],
    ]);

    const listed = await runCli(['quarantine'], { env: { DATABASE_URL: dbB.url } });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('1 quarantined delta');
    const [line, ...rest] = listed.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(JSON.parse(line as string)).toMatchObject({
      id: 'q1',
      peer: wsOf(portA),
      at: expect.any(String),
      local: { id: 'q1', host: 'node-b', pointers: [{}, { target: 'Local' }] },
      remote: { id: 'q1', host: 'node-a', pointers: [{}, { target: 'Remote' }] },
    });
  }, 120_000);

  it('a transaction whose deltas arrive in separate batches stays invisible until complete', async () => {
    const [dbA, dbB] = await Promise.all([database(), database()]);
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    const a = await start({ nodeId: 'node-a', port: portA, databaseUrl: dbA.url });
    const b = await start({ nodeId: 'node-b', port: portB, databaseUrl: dbB.url, peers: [wsOf(portA)] });
    const member = (id: string, property: string, value: unknown) => ({
      id,
      timeCreated: 1_700_000_000_000,
      pointers: [
        { localContext: '_transaction', entity: 'tx1', targetContext: 'deltas' },
        { localContext: 'person', entity: 'tia', targetContext: property },
        { localContext: property, value },
      ],
    });
    const size = {
      id: 'tx1-size',
      timeCreated: 1_700_000_000_000,
      pointers: [
        { localContext: '_transaction', entity: 'tx1', targetContext: 'size' },
        { localContext: 'size', value: 2 },
      ],
    };
    const tia = '{ person(id: "tia") { name age } }';
    await emit(a, [size, member('t1', 'name', 'Tia')]);
    await waitFor('B to hold the first batch', async () => (await totalOf(b)) === 2);
    expect(await b.query(tia)).toEqual({ person: null });
    await emit(a, [member('t2', 'age', 41)]);
    await waitFor('B to hold the second batch', async () => (await totalOf(b)) === 3);
    expect(await b.query(tia)).toEqual({ person: { name: 'Tia', age: 41 } });
  }, 120_000);

  it('backs off from a peer that is down, says why, and follows once it comes up', async () => {
    const [dbA, dbB] = await Promise.all([database(), database()]);
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    const b = await start({ nodeId: 'node-b', port: portB, databaseUrl: dbB.url, peers: [wsOf(portA)] });
    const peersOf = async () =>
      (
        await b.query<
          Status & { rhizomeNode: { peers: { connected: boolean; lastError: string | null }[] } }
        >('{ rhizomeNode { peers { state connected quarantined cursor lastError } } }')
      ).rhizomeNode.peers;
    await waitFor('B to report the failure', async () => (await peersOf())[0]?.lastError != null);
    expect((await peersOf())[0]).toMatchObject({ connected: false, cursor: null });
    // A local write never waits for the peer.
    await emit(b, [nameDelta('local-b', 'bo', 'Bo')]);
    const a = await start({ nodeId: 'node-a', port: portA, databaseUrl: dbA.url });
    await emit(a, [nameDelta('from-a', 'al', 'Al')]);
    await waitFor('B to follow A once it is up', async () => (await totalOf(b)) === 2);
    expect((await peersOf())[0]).toMatchObject({
      state: 'live',
      connected: true,
      cursor: expect.any(String),
    });
  }, 120_000);
});
