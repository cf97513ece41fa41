import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { postOperation, startTestApp, type TestApp } from '../support/start-app.js';
import { deltasTable } from './support/convergence.js';
import { freePort } from './support/peer-node.js';

// Three nodes, each with its own database, each following the other two (docs/design.md §7). A random
// workload of writes, negations and transactions split across nodes runs on all of them at once while
// nodes stop and start; afterwards every node holds the same log and shows the same views.
const NODES = 3;
const databases: TestDatabase[] = [];
const ports: number[] = [];
const running: (TestApp | undefined)[] = [];

const wsOf = (port: number) => `ws://127.0.0.1:${port}/graphql`;
const start = async (index: number) => {
  const peers = ports.filter((_, other) => other !== index).map(wsOf);
  running[index] = await startTestApp((databases[index] as TestDatabase).url, {
    nodeId: `node-${index}`,
    port: ports[index],
    peers,
  });
};
const stop = async (index: number) => {
  await running[index]?.stop();
  running[index] = undefined;
};

beforeAll(async () => {
  for (let index = 0; index < NODES; index++) {
    databases.push(await createTestDatabase());
    ports.push(await freePort());
  }
  for (let index = 0; index < NODES; index++) await start(index);
}, 60_000);

afterAll(async () => {
  for (let index = 0; index < NODES; index++) await stop(index);
  await Promise.all(databases.map((db) => db.drop()));
});

type Step =
  | {
      kind: 'set';
      node: number;
      person: number;
      property: 'name' | 'age' | 'tags';
      value: number;
      time: number;
    }
  | { kind: 'negate'; node: number; target: number }
  | { kind: 'transaction'; nodes: [number, number]; person: number; value: number }
  | { kind: 'stop' | 'start'; node: number };

const node = fc.integer({ min: 0, max: NODES - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      node,
      person: fc.integer({ min: 0, max: 3 }),
      property: fc.constantFrom('name' as const, 'age' as const, 'tags' as const),
      value: fc.integer({ min: 0, max: 9 }),
      time: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('negate' as const), node, target: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transaction' as const),
      nodes: fc.tuple(node, node),
      person: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: 0, max: 9 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('stop' as const, 'start' as const), node }) },
);

const EMIT = 'mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }';
const PEOPLE = '{ people(first: 100, orderBy: { field: id }) { nodes { id name age tags } } }';

const emitOn = async (index: number, deltas: Record<string, unknown>[]) => {
  const app = running[index];
  if (app === undefined) return false; // a stopped node takes no writes
  const { errors } = await postOperation(app.url, EMIT, { deltas });
  expect(errors).toBeUndefined();
  return true;
};

describe('peering under a random workload', () => {
  it('ends with the same log and the same views on every node, after random stops', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        run += 1;
        const written: string[] = [];
        let serial = 0;
        const idOf = () => `r${run}-d${serial++}`;
        const personOf = (person: number) => `r${run}-p${person}`;
        for (const s of steps) {
          if (s.kind === 'stop') {
            // Keep one node up, so writes keep flowing somewhere.
            if (running.filter(Boolean).length > 1) await stop(s.node);
          } else if (s.kind === 'start') {
            if (running[s.node] === undefined) await start(s.node);
          } else if (s.kind === 'set') {
            const id = idOf();
            const stored = await emitOn(s.node, [
              {
                id,
                timeCreated: 1_700_000_000_000 + s.time,
                pointers: [
                  { localContext: 'person', entity: personOf(s.person), targetContext: s.property },
                  { localContext: s.property, value: s.property === 'name' ? `n${s.value}` : s.value },
                ],
              },
            ]);
            if (stored) written.push(id);
          } else if (s.kind === 'negate' && written.length > 0) {
            const target = written[s.target % written.length] as string;
            const id = idOf();
            const negation = { localContext: '_negates', entity: target, targetContext: 'negated_by' };
            if (await emitOn(s.node, [{ id, pointers: [negation] }])) written.push(id);
          } else if (s.kind === 'transaction') {
            // One transaction of two deltas, written in two pieces on two nodes: invisible until both meet.
            const tx = `r${run}-tx${serial++}`;
            const piece = (property: 'name' | 'age', value: unknown, size: boolean) => ({
              id: idOf(),
              timeCreated: 1_700_000_000_010,
              pointers: [
                { localContext: 'person', entity: personOf(s.person), targetContext: property },
                { localContext: property, value },
                { localContext: '_transaction', entity: tx, targetContext: 'deltas' },
                ...(size
                  ? [
                      { localContext: '_transaction', entity: tx, targetContext: 'size' },
                      { localContext: 'size', value: 2 },
                    ]
                  : []),
              ],
            });
            await emitOn(s.nodes[0], [piece('name', `tx${s.value}`, true)]);
            await emitOn(s.nodes[1], [piece('age', 100 + s.value, false)]);
          }
        }
        for (let index = 0; index < NODES; index++) if (running[index] === undefined) await start(index);

        const tables = async () => Promise.all(databases.map((db) => deltasTable(db.url)));
        await vi.waitFor(
          async () => {
            const [first, ...rest] = await tables();
            for (const table of rest) expect(table).toEqual(first);
          },
          { timeout: 20_000, interval: 50 },
        );
        // Every node has folded what it stored once its own feed has passed it.
        await vi.waitFor(
          async () => {
            const views = await Promise.all(
              running.map(
                async (app) => (await postOperation((app as TestApp).url, PEOPLE)).data?.people.nodes,
              ),
            );
            for (const view of views.slice(1)) expect(view).toEqual(views[0]);
          },
          { timeout: 10_000, interval: 50 },
        );
      }),
      { numRuns: 3, endOnFailure: true },
    );
  }, 120_000);
});
