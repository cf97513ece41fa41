import postgres from 'postgres';
import type { Delta } from '../../../src/delta/delta.js';
import type { PeerNode } from './peer-node.js';

/**
 * Polls `check` until it returns true: the events waited for happen in other
 * processes, so there is nothing to subscribe to from here. Fails with
 * `what` after `timeoutMs`.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A node's whole deltas table, read straight from its database, in id order. */
export async function deltasTable(databaseUrl: string): Promise<unknown[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return [...(await sql`SELECT id, creator, host, time_created::text, pointers FROM deltas ORDER BY id`)];
  } finally {
    await sql.end();
  }
}

export async function countDeltas(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`SELECT count(*)::text AS n FROM deltas`;
    return Number(row?.n);
  } finally {
    await sql.end();
  }
}

interface TotalCount {
  deltas: { totalCount: number };
}

/** How many deltas a node holds, asked over its API. */
export const totalOf = async (node: PeerNode): Promise<number> =>
  (await node.query<TotalCount>('{ deltas(first: 0) { totalCount } }')).deltas.totalCount;

/** What a user sees: every person's resolved view, in id order. */
export const peopleOf = async (node: PeerNode): Promise<unknown> =>
  (
    await node.query<{ people: { nodes: unknown[] } }>(
      '{ people(first: 500, orderBy: { field: id }) { nodes { id name age tags friends { id } } } }',
    )
  ).people.nodes;

/**
 * Every node's people once each lists `count` of them and all agree. A node's
 * lists follow deltas from its peers within its projection's lag, not at once
 * (src/projection/write-marks.ts). Returns what each node last listed, so a
 * test that times out here still shows the difference.
 */
export async function agreedPeople(nodes: readonly PeerNode[], count: number): Promise<unknown[][]> {
  let views: unknown[][] = [];
  const agreed = async () => {
    views = (await Promise.all(nodes.map(peopleOf))) as unknown[][];
    const first = JSON.stringify(views[0]);
    return views.every((view) => view.length === count && JSON.stringify(view) === first);
  };
  await waitFor(`every node to list the same ${count} people`, agreed, 120_000).catch(() => undefined);
  return views;
}

const EMIT = `mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`;

/** Emits deltas through a node's API, as a client would. */
export const emit = (node: PeerNode, deltas: readonly Record<string, unknown>[]) =>
  node.query(EMIT, { deltas });

/** A delta that makes `person` a Person named `name`, in the API's input shape. */
export const nameDelta = (id: string, person: string, name: string) => ({
  id,
  timeCreated: 1_700_000_000_000,
  pointers: [
    { localContext: 'person', entity: person, targetContext: 'name' },
    { localContext: 'name', value: name },
  ],
});

/** The same as a stored delta, for seeding a database directly. */
export const storedNameDelta = (id: string, person: string, name: string, host = 'seed'): Delta => ({
  id,
  creator: 'seed',
  host,
  timeCreated: 1_700_000_000_000,
  pointers: [
    { localContext: 'person', target: { id: person }, targetContext: 'name' },
    { localContext: 'name', target: name },
  ],
});
