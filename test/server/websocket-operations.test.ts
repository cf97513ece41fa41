import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type GraphQLResponse, startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

/** Runs one operation over graphql-ws and resolves with its single result. */
const run = (client: Client, query: string) =>
  new Promise<GraphQLResponse>((resolve, reject) => {
    let result: GraphQLResponse = {};
    client.subscribe<Record<string, any>>(
      { query },
      {
        next: (value) => {
          result = value as GraphQLResponse;
        },
        error: reject,
        complete: () => resolve(result),
      },
    );
  });

describe('graphql-ws carries every operation (docs/design.md §4)', () => {
  it('a mutation over the socket is written with the `creator` connection parameter as creator', async () => {
    const client = app.ws({ creator: 'ws-alice' });
    const created = await run(
      client,
      `mutation { createPerson(id: "ws-ada", input: { name: "Ada" }) { name _deltas { creator host } } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createPerson).toEqual({
      name: 'Ada',
      _deltas: [{ creator: 'ws-alice', host: 'node-test' }],
    });
    const emitted = await run(
      client,
      `mutation { emitDeltas(deltas: [{ pointers: [{ localContext: "note", value: "hi" }] }]) { creator } }`,
    );
    expect(emitted.data?.emitDeltas).toEqual([{ creator: 'ws-alice' }]);
  });

  it('queries too, answered in selection order', async () => {
    const read = await run(app.ws(), `{ b: person(id: "ws-ada") { name } a: __typename }`);
    expect(read.data).toEqual({ b: { name: 'Ada' }, a: 'Query' });
    expect(Object.keys(read.data ?? {})).toEqual(['b', 'a']);
  });

  it('a creator that cannot be stored is BAD_USER_INPUT, and the socket stays open', async () => {
    const client = app.ws({ creator: 'bad\u0000creator' });
    // graphql-ws hands errors from before execution to the sink's `error`.
    const refusal = async () =>
      (await run(client, `{ __typename }`).catch((errors) => ({ errors }))) as GraphQLResponse;
    expect((await refusal()).errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // Same socket, next operation: still answered.
    expect((await refusal()).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
