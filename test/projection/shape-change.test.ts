import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { compileModel } from '../../src/model/compile-model.js';
import type { EntityModel } from '../../src/model/model.js';
import { projectionOf } from '../../src/projection/projection-shape.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { projectionsOf, waitCaughtUp } from './support/projection-harness.js';
import { type ProjectedApp, startProjectedApp } from './support/start-projected-app.js';

const database = useTestDatabase();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const v1 = compileModel([
  {
    file: 'item.ts',
    declarations: {
      name: 'Item',
      properties: { name: { type: 'String' }, rank: { type: 'Int', resolver: 'max' } },
    },
  },
]);
// A property added and a resolver changed: a new shape.
const v2 = compileModel([
  {
    file: 'item.ts',
    declarations: {
      name: 'Item',
      properties: {
        name: { type: 'String' },
        rank: { type: 'Int', resolver: 'min' },
        nick: { type: 'String', resolver: 'firstWriteWins' },
      },
    },
  },
]);
const item = (model: typeof v1) => model.entity('Item') as EntityModel;

const ITEMS = 600;
const set = (id: string, entity: string, property: string, value: string | number, t: number): Delta => ({
  id,
  creator: 'test',
  host: 'test',
  timeCreated: t,
  pointers: [
    { localContext: 'item', target: { id: entity }, targetContext: property },
    { localContext: property, target: value },
  ],
});
const workload = (): Delta[] =>
  Array.from({ length: ITEMS }, (_, i) => [
    set(`n${i}`, `i${i}`, 'name', `item ${i % 37}`, 1000 + i),
    set(`r${i}`, `i${i}`, 'rank', i % 11, 1000),
    set(`s${i}`, `i${i}`, 'rank', (i * 7) % 13, 1001),
    set(`k${i}`, `i${i}`, 'nick', `nick ${i % 5}`, 1000),
  ]).flat();

/** The same list through the log (asOf after every delta), which never reads a projection. */
const throughTheLog = (query: string) => query.replace('items(', 'items(asOf: "2999-01-01T00:00:00Z", ');

const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) logLines.push(JSON.parse(line));
      done();
    },
  }),
);

describe('a declaration change', () => {
  it('rebuilds the projection in a shadow table while lists stay right, then swaps (hot reload)', async () => {
    const store: DeltaStore = createPostgresStore({ url: database.url });
    cleanups.push(() => store.close());
    const app: ProjectedApp = await startProjectedApp(store, { model: v1, logger });
    cleanups.push(() => app.stop());
    const other = await startProjectedApp(createPostgresStore({ url: database.url }), { model: v1 });
    cleanups.push(() => other.stop());
    await store.append(workload());
    await waitCaughtUp(store, item(v1));

    const oldQuery = `{ items(first: 15, orderBy: { field: rank, direction: DESC }) { totalCount nodes { id name rank } } }`;
    const newQuery = `{ items(first: 15, where: { nick: { eq: "nick 3" } }, orderBy: { field: rank }) {
      totalCount nodes { id name rank nick } } }`;
    const oldAnswer = (await app.gql(throughTheLog(oldQuery))).data;
    expect(oldAnswer?.items.totalCount).toBe(ITEMS);
    expect((await app.gql(oldQuery)).data).toEqual(oldAnswer);

    app.reloadSchema(v2);
    const newAnswer = (await app.gql(throughTheLog(newQuery))).data;
    expect(newAnswer?.items.totalCount).toBe(ITEMS / 5);
    const { tableName } = projectionOf(item(v2));
    // Until the new table is built every answer is already the new one, and the
    // instance still on the old declarations keeps getting the old one.
    let checked = 0;
    for (;;) {
      const built = (await projectionsOf(store).checkpoint(tableName))?.ready === true;
      expect((await app.gql(newQuery)).data).toEqual(newAnswer);
      expect((await other.gql(oldQuery)).data).toEqual(oldAnswer);
      checked++;
      if (built) break;
    }
    await waitCaughtUp(store, item(v2));
    expect((await app.gql(newQuery)).data).toEqual(newAnswer);
    expect((await other.gql(oldQuery)).data).toEqual(oldAnswer);
    expect(checked).toBeGreaterThan(1);

    await vi.waitFor(() =>
      expect(logLines).toContainEqual(
        expect.objectContaining({ msg: 'projection built', projection: 'Item', deltas: ITEMS * 4 }),
      ),
    );
    const built = logLines.find((line) => line.msg === 'projection built' && line.deltas === ITEMS * 4);
    expect(built?.ms).toEqual(expect.any(Number));
    // The old table is gone once the new one serves.
    const tables = (await projectionsOf(store).checkpoints()).map((c) => c.tableName);
    expect(tables).toEqual([tableName]);
  }, 120_000);
});
