import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
let admin: postgres.Sql;

beforeAll(async () => {
  app = await startTestApp(database.url);
  admin = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin?.end();
  await app?.stop();
});

/** A transaction that has taken a transaction id and stays open: the feed's horizon stops below it. */
async function openOlderTransaction() {
  const session = await admin.reserve();
  await session`BEGIN`;
  await session`SELECT pg_current_xact_id()`;
  return {
    end: async () => {
      await session`COMMIT`;
      session.release();
    },
  };
}

const PAGE = `{ deltas(first: 1000) { nodes { id } } }`;
const idsOf = (page: { data?: Record<string, any> | null }) =>
  ((page.data?.deltas.nodes ?? []) as { id: string }[]).map((node) => node.id);
/** The ids of the deltas a `createPerson { _deltas { id } }` wrote. */
const writtenIds = (written: { data?: Record<string, any> | null }) =>
  ((written.data?.createPerson._deltas ?? []) as { id: string }[]).map((delta) => delta.id);

describe('deltas after this instance’s own write (docs/design.md §5.3)', () => {
  it('a page read right after a mutation shows it, though an older transaction was still open', async () => {
    const older = await openOlderTransaction();
    const written = await app.gql(
      `mutation { createPerson(id: "ryw-1", input: { name: "R" }) { _deltas { id } } }`,
    );
    const ids = writtenIds(written);
    expect(ids.length).toBeGreaterThan(0);
    const ended = new Promise((done) => setTimeout(done, 300)).then(older.end);
    const page = await app.gql(PAGE);
    await ended;
    expect(page.errors).toBeUndefined();
    expect(idsOf(page)).toEqual(expect.arrayContaining(ids));
  });

  it('waits at most a second, then answers the feed as it stands', async () => {
    const older = await openOlderTransaction();
    let ids: string[] = [];
    try {
      const written = await app.gql(
        `mutation { createPerson(id: "ryw-2", input: { name: "S" }) { _deltas { id } } }`,
      );
      ids = writtenIds(written);
      expect(ids.length).toBeGreaterThan(0);
      const started = Date.now();
      const page = await app.gql(PAGE);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(page.errors).toBeUndefined();
      for (const id of ids) expect(idsOf(page)).not.toContain(id);
    } finally {
      await older.end();
    }
    // Once the older transaction has ended, the write shows.
    expect(idsOf(await app.gql(PAGE))).toEqual(expect.arrayContaining(ids));
  });
});
