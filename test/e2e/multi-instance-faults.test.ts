import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { testDelta } from '../support/feed-helpers.js';
import { startTestApp, type TestApp, take } from '../support/start-app.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';
import { createDelayedWriter, type DelayedWriter, runWriters, type WriteBatch } from '../support/writers.js';

// Restarting a server would break every other test file, so this one has its own.
let cluster: ThrowawayCluster;
let url: string;
let a: TestApp;
let b: TestApp;
const delayed: DelayedWriter[] = [];

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  url = (await createTestDatabase({ adminUrl: cluster.url })).url;
  [a, b] = await Promise.all([
    startTestApp(url, { nodeId: 'node-a' }),
    startTestApp(url, { nodeId: 'node-b' }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(delayed.map((writer) => writer.close().catch(() => {})));
  await Promise.all([a?.stop(), b?.stop()]);
  await cluster?.stop();
});

const EMIT = `mutation($deltas: [DeltaInput!]!) { emitDeltas(deltas: $deltas) { id } }`;
const DELTA_ADDED = `subscription($after: String) { deltaAdded(after: $after) { cursor node { id } } }`;
type Added = { deltaAdded: { cursor: string; node: { id: string } } };

/** Sends each batch as one `emitDeltas`; throws on any error, so the caller retries (identical re-submits are no-ops). */
const emit = (app: TestApp, deltas: readonly { id: string }[]) =>
  app.gql(EMIT, {
    deltas: deltas.map((delta) => ({
      id: delta.id,
      pointers: [
        { localContext: 'subject', entity: `thing:${delta.id}`, targetContext: 'label' },
        { localContext: 'label', value: delta.id },
      ],
    })),
  });
const viaGraphQL =
  (app: TestApp): WriteBatch =>
  async (deltas) => {
    const result = await emit(app, deltas);
    if (result.errors) throw new Error(result.errors[0]?.extensions?.code ?? 'error');
  };

describe('two instances while PostgreSQL misbehaves', () => {
  it('deltaAdded subscribers on both instances lose and repeat nothing across a killed LISTEN backend and a server restart', async () => {
    // The write's own cursor, not a `deltas` page read just after it: a page stops below the oldest open
    // transaction (a projection fold, say), so it may not show the write yet (docs/design.md §5.3).
    const started = await emit(a, [testDelta('start')]);
    const start = started.extensions?.cursor as string;
    expect(start).toBeTruthy();
    const subscribers = [a, b, b].map((app) => take<Added>(app.ws(), DELTA_ADDED, { after: start }, 2000));

    const admin = postgres(url, { max: 1, onnotice: () => {} });
    let fault: Promise<unknown> | undefined;
    let restart: Promise<unknown> | undefined;
    let failedWrites = 0;
    delayed.push(createDelayedWriter(url), createDelayedWriter(url));
    const written = await runWriters({
      writers: [viaGraphQL(a), viaGraphQL(a), viaGraphQL(b), viaGraphQL(b), ...delayed.map((w) => w.write)],
      total: 2000,
      seed: 33,
      retry: true,
      onError: () => {
        failedWrites += 1;
      },
      onProgress: (count) => {
        if (count >= 500 && !fault) {
          // Only this test cluster's own LISTEN connections (both instances').
          fault = admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'listen%'`;
        }
        if (count >= 1200 && !restart) restart = fault?.then(() => admin.end()).then(() => cluster.restart());
      },
    });
    await restart;

    const [onA, onB, alsoOnB] = await Promise.all(subscribers.map((subscription) => subscription.done));
    const order = (onA ?? []).map((result) => result.deltaAdded.node.id);
    expect(order).toHaveLength(2000);
    expect(new Set(order)).toEqual(new Set(written));
    expect((onB ?? []).map((result) => result.deltaAdded.node.id)).toEqual(order);
    expect((alsoOnB ?? []).map((result) => result.deltaAdded.node.id)).toEqual(order);
    // The server really was gone while the writers wrote.
    expect(failedWrites).toBeGreaterThan(0);
    // And both instances answer again.
    expect((await a.gql(`{ deltas(first: 1) { totalCount } }`)).data?.deltas.totalCount).toBe(2001);
  }, 120_000);
});
