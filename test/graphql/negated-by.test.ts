import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

const EMIT = `mutation($d: [DeltaInput!]!) { emitDeltas(deltas: $d) { id } }`;
const negationOf = (id: string, target: string) => ({
  id,
  pointers: [{ localContext: '_negates', entity: target, targetContext: 'negated_by' }],
});

describe('Delta.negatedBy', () => {
  it('lists every negation, negated ones too, and nothing else that mentions the delta', async () => {
    await app.gql(EMIT, {
      d: [
        { id: 'nb-base', pointers: [{ localContext: 'note', value: 'x' }] },
        negationOf('nb-neg-1', 'nb-base'),
        negationOf('nb-neg-2', 'nb-base'),
        negationOf('nb-neg-of-neg', 'nb-neg-1'),
        // References the delta's id as an entity: not a negation.
        {
          id: 'nb-mention',
          pointers: [{ localContext: 'about', entity: 'nb-base', targetContext: 'notes' }],
        },
      ],
    });
    const result = await app.gql(
      `{ a: delta(id: "nb-base") { negatedBy { id negatedBy { id } } } b: delta(id: "nb-mention") { negatedBy { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: {
        negatedBy: [
          { id: 'nb-neg-1', negatedBy: [{ id: 'nb-neg-of-neg' }] },
          { id: 'nb-neg-2', negatedBy: [] },
        ],
      },
      b: { negatedBy: [] },
    });
  });
});
