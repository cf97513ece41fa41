import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { agreedPeople, emit, nameDelta, totalOf, waitFor } from './support/convergence.js';
import { createNetworkNamespace, type NetworkNamespace } from './support/network-namespace.js';
import { freePort, type PeerNode, startPeerNode } from './support/peer-node.js';

const nodes: PeerNode[] = [];
const cleanups: (() => unknown)[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 60_000);

interface Edges {
  deltas: { edges: { node: unknown }[] };
}
const everyDelta = async (node: PeerNode) =>
  (
    await node.query<Edges>(
      '{ deltas(first: 1000) { edges { node { id creator host timeCreated pointers { localContext entity value targetContext } } } } }',
    )
  ).deltas.edges
    .map((edge) => edge.node)
    .sort((x, y) => ((x as { id: string }).id < (y as { id: string }).id ? -1 : 1));

/** Emits through B's API from inside its namespace, while the host cannot reach it. */
const emitInside = (namespace: NetworkNamespace, url: string, deltas: unknown[]) => {
  const body = JSON.stringify({
    query: 'mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }',
    variables: { d: deltas },
  });
  const script = `fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: process.argv[1] }).then((r) => r.text()).then((t) => { if (t.includes('errors')) { console.error(t); process.exit(1); } })`;
  execFileSync(
    namespace.prefix[0] as string,
    [...namespace.prefix.slice(1), process.execPath, '-e', script, body],
    { stdio: 'inherit' },
  );
};

it('a partition cut with a network namespace and healed converges (A and C on the host, B inside)', async () => {
  const namespace = createNetworkNamespace();
  // Without CAP_NET_ADMIN there is no real cut to make; say so rather than pretend.
  if ('unavailable' in namespace)
    throw new Error(`cannot make a network namespace: ${namespace.unavailable}`);
  cleanups.push(() => namespace.remove());
  const [dbA, dbC] = (await Promise.all([createTestDatabase(), createTestDatabase()])) as [
    TestDatabase,
    TestDatabase,
  ];
  cleanups.push(
    () => dbA.drop(),
    () => dbC.drop(),
  );
  // B's database is embedded (PGlite): inside the namespace the host's Postgres is out of reach.
  const dataDir = mkdtempSync(join(tmpdir(), 'rhizome-partition-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const [portA, portB, portC] = await Promise.all([freePort(), freePort(), freePort()]);
  const wsA = `ws://${namespace.hostAddress}:${portA}/graphql`;
  const wsB = `ws://${namespace.innerAddress}:${portB}/graphql`;

  const a = await startPeerNode({
    nodeId: 'node-a',
    port: portA,
    host: namespace.hostAddress,
    databaseUrl: dbA.url,
    peers: [wsB],
  });
  nodes.push(a);
  const b = await startPeerNode({
    nodeId: 'node-b',
    port: portB,
    host: namespace.innerAddress,
    dataDir,
    peers: [wsA],
    prefix: namespace.prefix,
  });
  nodes.push(b);
  const c = await startPeerNode({ nodeId: 'node-c', port: portC, databaseUrl: dbC.url, peers: [wsA] });
  nodes.push(c);

  await emit(a, [nameDelta('before-a', 'ada', 'Ada')]);
  await emit(b, [nameDelta('before-b', 'bob', 'Bob')]);
  await waitFor(
    'all three to hold 2',
    async () => (await Promise.all([a, b, c].map(totalOf))).every((n) => n === 2),
    120_000,
  );

  namespace.cut();
  await emit(a, [nameDelta('during-a', 'ada', 'Ada A')]);
  emitInside(namespace, b.url, [nameDelta('during-b', 'bob', 'Bob B')]);
  await waitFor('C to hold what A wrote during the cut', async () => (await totalOf(c)) === 3);
  expect(await totalOf(a)).toBe(3); // B's write has not crossed

  namespace.heal();
  await waitFor(
    'every node to hold 4 after healing',
    async () => (await Promise.all([a, b, c].map(totalOf))).every((n) => n === 4),
    120_000,
  );
  const [deltasA, deltasB, deltasC] = await Promise.all([a, b, c].map(everyDelta));
  expect(deltasB).toEqual(deltasA);
  expect(deltasC).toEqual(deltasA);
  const [viewA, viewB, viewC] = await agreedPeople([a, b, c], 2);
  expect(viewB).toEqual(viewA);
  expect(viewC).toEqual(viewA);
  expect((viewA as { name: string }[]).map((p) => p.name)).toEqual(['Ada A', 'Bob B']);
}, 300_000);
