import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { compileModel } from '../../src/model/compile-model.js';
import { createApp } from '../../src/server/app.js';
import { useTestDatabase } from '../support/database.js';

const database = useTestDatabase();
const model = compileModel([
  {
    file: 'thing.ts',
    declarations: {
      name: 'Thing',
      properties: { meta: { type: 'JSON' }, notes: { type: '[JSON]' }, label: { type: 'String' } },
    },
  },
]);
let app: ReturnType<typeof createApp>;
let url: string;

beforeAll(async () => {
  app = createApp(
    loadConfig({ port: 0, host: '127.0.0.1', databaseUrl: database.url, nodeId: 'n', logLevel: 'silent' }),
    { model },
  );
  ({ url } = await app.start());
});
afterAll(() => app?.stop());

const gql = async (query: string, variables?: Record<string, unknown>) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
};

describe('JSON properties hold objects and arrays (docs/design.md §1, §3)', () => {
  it('round-trips an object that looks like a reference through the typed input', async () => {
    const created = await gql(
      `mutation { createThing(id: "t1", input: { meta: { id: 1, tags: ["a", { deep: null }] }, notes: [[1, 2], { id: "x" }, 3] }) { meta notes } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createThing).toEqual({
      meta: { id: 1, tags: ['a', { deep: null }] },
      notes: [[1, 2], { id: 'x' }, 3],
    });
    const read = await gql(
      `{ thing(id: "t1") { meta _deltas(property: "meta") { pointers { entity value } } } }`,
    );
    expect(read.data.thing.meta).toEqual({ id: 1, tags: ['a', { deep: null }] });
    const values = read.data.thing._deltas[0].pointers.map((p: { value: unknown }) => p.value);
    expect(values).toContainEqual({ id: 1, tags: ['a', { deep: null }] });
  });

  it('filters an object property by content, whatever the key order', async () => {
    await gql(`mutation { createThing(id: "f1", input: { meta: { b: 2, a: { y: 1, x: [1] } } }) { id } }`);
    await gql(`mutation { createThing(id: "f2", input: { meta: { b: 3, a: 1 } }) { id } }`);
    const found = await gql(
      `{ eq: things(where: { meta: { eq: { a: { x: [1], y: 1 }, b: 2 } } }) { nodes { id } }
         ne: things(where: { and: [{ meta: { ne: { a: { x: [1], y: 1 }, b: 2 } } }, { meta: { ne: null } }] }) { nodes { id } } }`,
    );
    expect(found.errors).toBeUndefined();
    expect(found.data.eq.nodes.map((n: { id: string }) => n.id)).toEqual(['f1']);
    expect(found.data.ne.nodes.map((n: { id: string }) => n.id)).toContain('f2');
    expect(found.data.ne.nodes.map((n: { id: string }) => n.id)).not.toContain('f1');
  });

  it('round-trips objects and arrays given as emitDeltas values, and never makes them references', async () => {
    const emitted = await gql(
      `mutation($meta: JSON) { emitDeltas(deltas: [{ pointers: [
        { localContext: "thing", entity: "t2", targetContext: "meta" },
        { localContext: "meta", value: $meta }
      ] }]) { pointers { entity value } } }`,
      { meta: { id: 'not-a-reference' } },
    );
    expect(emitted.errors).toBeUndefined();
    expect(emitted.data.emitDeltas[0].pointers[1]).toEqual({
      entity: null,
      value: { id: 'not-a-reference' },
    });
    const read = await gql(
      `{ thing(id: "t2") { meta } things(where: { id: { eq: "not-a-reference" } }) { totalCount } }`,
    );
    expect(read.data.thing.meta).toEqual({ id: 'not-a-reference' });
    expect(read.data.things.totalCount).toBe(0);
  });

  it('keeps a JSON value in the wire form as { json }, and reads it back after a restart', async () => {
    await app.stop();
    app = createApp(
      loadConfig({ port: 0, host: '127.0.0.1', databaseUrl: database.url, nodeId: 'n', logLevel: 'silent' }),
      { model },
    );
    ({ url } = await app.start());
    const read = await gql(`{ thing(id: "t1") { meta notes _lossless } }`);
    expect(read.data.thing.meta).toEqual({ id: 1, tags: ['a', { deep: null }] });
    expect(read.data.thing.notes).toEqual([[1, 2], { id: 'x' }, 3]);
    const pointers = read.data.thing._lossless.properties.meta[0].pointers;
    expect(pointers).toContainEqual({
      localContext: 'meta',
      target: { json: { id: 1, tags: ['a', { deep: null }] } },
    });
  });
});
