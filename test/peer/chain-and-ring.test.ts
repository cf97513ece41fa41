import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { agreedPeople, deltasTable, emit, nameDelta, totalOf, waitFor } from './support/convergence.js';
import { freePort, type PeerNode, startPeerNode } from './support/peer-node.js';

// Three nodes, three databases, three processes (docs/design.md §7).
const databases: TestDatabase[] = [];
const nodes: PeerNode[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await Promise.all(databases.map((db) => db.drop()));
}, 60_000);

const allEqual = async (dbs: readonly TestDatabase[], views: readonly PeerNode[], count: number) => {
  const tables = await Promise.all(dbs.map((db) => deltasTable(db.url)));
  const people = await agreedPeople(views, count);
  for (const table of tables.slice(1)) expect(table).toEqual(tables[0]);
  for (const seen of people.slice(1)) expect(seen).toEqual(people[0]);
  return { table: tables[0] ?? [], people: people[0] };
};

describe('peering between nodes with their own databases', () => {
  it('a chain A → B → C carries deltas two hops; closing it into a ring converges all three', async () => {
    databases.push(...(await Promise.all([0, 1, 2].map(() => createTestDatabase()))));
    const [dbA, dbB, dbC] = databases as [TestDatabase, TestDatabase, TestDatabase];
    const [portA, portB, portC] = await Promise.all([freePort(), freePort(), freePort()]);
    const wsOf = (port: number) => `ws://127.0.0.1:${port}/graphql`;

    const startA = (peers: string[]) =>
      startPeerNode({ nodeId: 'node-a', port: portA, databaseUrl: dbA.url, peers });
    let a = await startA([]);
    const b = await startPeerNode({
      nodeId: 'node-b',
      port: portB,
      databaseUrl: dbB.url,
      peers: [wsOf(portA)],
    });
    const c = await startPeerNode({
      nodeId: 'node-c',
      port: portC,
      databaseUrl: dbC.url,
      peers: [wsOf(portB)],
    });
    nodes.push(b, c);

    await emit(a, [nameDelta('a1', 'ada', 'Ada'), nameDelta('a2', 'bob', 'Bob')]);
    await waitFor('C to hold what A wrote', async () => (await totalOf(c)) === 2);
    const chain = await allEqual([dbA, dbB, dbC], [a, b, c], 2);
    expect(chain.people).toEqual([
      { id: 'ada', name: 'Ada', age: null, tags: [], friends: [] },
      { id: 'bob', name: 'Bob', age: null, tags: [], friends: [] },
    ]);
    // Deltas keep the host of the node that accepted them, however far they travel.
    expect(chain.table.map((row) => (row as { host: string }).host)).toEqual(['node-a', 'node-a']);

    // A now follows C: A → B → C → A. Writes on every node reach every node, and cycles are harmless.
    await a.stop();
    a = await startA([wsOf(portC)]);
    nodes.push(a);
    await Promise.all([
      emit(a, [nameDelta('a3', 'cy', 'Cy')]),
      emit(b, [nameDelta('b1', 'ada', 'Ada B')]),
      emit(c, [nameDelta('c1', 'dee', 'Dee')]),
    ]);
    await waitFor('all three to hold 5 deltas', async () => {
      const totals = await Promise.all([a, b, c].map(totalOf));
      return totals.every((n) => n === 5);
    });
    const ring = await allEqual([dbA, dbB, dbC], [a, b, c], 4);
    expect(ring.table).toHaveLength(5);
    expect((ring.people as { id: string }[]).map((p) => p.id)).toEqual(['ada', 'bob', 'cy', 'dee']);

    const status = await c.query<{ rhizomeNode: unknown }>(
      '{ rhizomeNode { id peers { url state connected cursor lagMs lastError } } }',
    );
    expect(status.rhizomeNode).toMatchObject({
      id: 'node-c',
      peers: [{ url: wsOf(portB), state: 'live', connected: true, cursor: expect.any(String) }],
    });
  }, 120_000);
});
