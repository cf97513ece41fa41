import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/throwaway-cluster.js';

// Stopping a server would break every other test file, so this one has its own.
let cluster: ThrowawayCluster;
let app: TestApp;

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  app = await startTestApp((await createTestDatabase({ adminUrl: cluster.url })).url);
});
afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

describe('entities while the database is gone', () => {
  it('reads and creates of entities not in the cache answer SERVICE_UNAVAILABLE, and work again after', async () => {
    // Written with emitDeltas, so stored but never loaded into this instance's view cache.
    const stored = await app.gql(`mutation { emitDeltas(deltas: [{ pointers: [
      { localContext: "person", entity: "cold", targetContext: "name" }, { localContext: "name", value: "Cold" }
    ] }]) { id } }`);
    expect(stored.errors).toBeUndefined();

    await cluster.stopServer();
    try {
      expect(codes(await app.gql(`{ person(id: "cold") { name } }`))).toEqual(['SERVICE_UNAVAILABLE']);
      expect(codes(await app.gql(`{ person(id: "cold") { _lossless } }`))).toEqual(['SERVICE_UNAVAILABLE']);
      expect(
        codes(await app.gql(`mutation { createPerson(id: "fresh", input: { name: "F" }) { id } }`)),
      ).toEqual(['SERVICE_UNAVAILABLE']);
      expect(codes(await app.gql(`mutation { createPerson(input: { name: "F" }) { id } }`))).toEqual([
        'SERVICE_UNAVAILABLE',
      ]);
      expect(codes(await app.gql(`mutation { deletePerson(id: "cold") }`))).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      await cluster.startServer();
    }

    // The first query on a connection the restart cut may still fail (SERVICE_UNAVAILABLE): retry, as a client would.
    await vi.waitFor(
      async () =>
        expect(await app.gql(`{ person(id: "cold") { name } }`)).toEqual({
          data: { person: { name: 'Cold' } },
        }),
      { timeout: 10_000, interval: 100 },
    );
    const created = await app.gql(`mutation { createPerson(id: "fresh", input: { name: "F" }) { name } }`);
    expect(created).toEqual({
      data: { createPerson: { name: 'F' } },
      extensions: { cursor: expect.any(String) },
    });
  });
});
