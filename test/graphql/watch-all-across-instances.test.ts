import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await startTestApp(database.url, { nodeId: 'node-a' });
  b = await startTestApp(database.url, { nodeId: 'node-b' });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

describe('personChanged without id on another instance', () => {
  it('hears people created through A, which B had never loaded', async () => {
    const states = await b.subscribe(`subscription { personChanged { id name } }`, {}, 2);
    await a.gql(`mutation { createPerson(id: "far1", input: { name: "One" }) { id } }`);
    await a.gql(`mutation { createPerson(input: { name: "Two" }) { id } }`);
    expect((await states.done).map((s) => s.personChanged.name)).toEqual(['One', 'Two']);
  });
});
