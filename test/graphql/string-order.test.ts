import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

// UTF-16 order puts U+1F600 (a surrogate pair, 0xD83D…) before U+FF5E; code point order after it.
const HIGH = '\u{1F600}';
const BMP = '\uFF5E';

const nameDelta = (id: string, entity: string, name: string) =>
  `{ id: "${id}", timeCreated: 1000, pointers: [{ localContext: "person", entity: "${entity}", targetContext: "name" }, { localContext: "name", value: "${name}" }] }`;

describe('string order outside the BMP (code points, as docs/design.md §2 and §8 say)', () => {
  it('lists _deltas of equal time in the lossless view order, by id code point', async () => {
    const emitted = await app.gql(
      `mutation { emitDeltas(deltas: [${nameDelta(`o-${HIGH}`, 'o1', 'x')}, ${nameDelta(`o-${BMP}`, 'o1', 'y')}]) { id } }`,
    );
    expect(emitted.errors).toBeUndefined();
    const read = await app.gql(`{ person(id: "o1") { _deltas(property: "name") { id } _lossless } }`);
    const lossless = read.data?.person._lossless.properties.name.map((d: { id: string }) => d.id);
    expect(lossless).toEqual([`o-${BMP}`, `o-${HIGH}`]);
    expect(read.data?.person._deltas.map((d: { id: string }) => d.id)).toEqual(lossless);
  });

  it('orders people by name and by id in code point order', async () => {
    const emitted = await app.gql(
      `mutation { emitDeltas(deltas: [${nameDelta('s1', `s-${HIGH}`, `n${HIGH}`)}, ${nameDelta('s2', `s-${BMP}`, `n${BMP}`)}]) { id } }`,
    );
    expect(emitted.errors).toBeUndefined();
    const where = `where: { name: { in: ["n${HIGH}", "n${BMP}"] } }`;
    const byName = await app.gql(`{ people(${where}, orderBy: { field: name }) { nodes { name } } }`);
    expect(byName.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual([`n${BMP}`, `n${HIGH}`]);
    const byId = await app.gql(`{ people(${where}) { nodes { id } } }`);
    expect(byId.data?.people.nodes.map((n: { id: string }) => n.id)).toEqual([`s-${BMP}`, `s-${HIGH}`]);
    const above = await app.gql(`{ people(where: { name: { gt: "n${BMP}", lt: "o" } }) { nodes { name } } }`);
    expect(above.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual([`n${HIGH}`]);
  });
});
