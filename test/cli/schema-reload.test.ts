import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTestDatabase } from '../support/database.js';
import { postGraphQL } from '../support/graphql-http.js';
import { interrupt, repoRoot, spawnCli, waitForOutput } from '../support/run-cli.js';

const db = useTestDatabase();
let project: string;
let dir: string;
let personFile: string;
let original: string;
let server: ChildProcess;
let client: Client;
let url: string;

interface DeltaEdge {
  deltaAdded: {
    cursor: string;
    node: { id: string; pointers: Array<{ localContext: string; value: unknown }> };
  };
}

type Pointers = DeltaEdge['deltaAdded']['node']['pointers'];

/**
 * The pointers of the next delta that has a `localContext` pointer. The
 * cursor the test starts from may lag behind the newest commit (the feed
 * holds back rows while any older transaction on the cluster is open), so
 * earlier deltas can come first.
 */
async function nextWith(
  events: AsyncIterator<{ data?: DeltaEdge | null }>,
  localContext: string,
): Promise<Pointers> {
  for (;;) {
    const event = await events.next();
    if (event.done) throw new Error('the subscription ended');
    const pointers = event.value.data?.deltaAdded.node.pointers ?? [];
    if (pointers.some((pointer) => pointer.localContext === localContext)) return pointers;
  }
}

beforeAll(async () => {
  // A copy of the example schema inside the project (as a user's schema/ would be, under
  // its package.json), whose import of defineEntity still finds this repository's src/.
  await mkdir(join(repoRoot, '.tmp'), { recursive: true });
  project = await mkdtemp(join(repoRoot, '.tmp', 'reload-'));
  dir = join(project, 'schema');
  await mkdir(dir);
  const declaration = relative(dir, join(repoRoot, 'src/model/declaration.js'));
  original = (await readFile(join(repoRoot, 'schema/person.ts'), 'utf8')).replace(
    '../src/model/declaration.js',
    declaration,
  );
  personFile = join(dir, 'person.ts');
  await writeFile(personFile, original);
  await writeFile(join(dir, 'company.json'), await readFile(join(repoRoot, 'schema/company.json')));

  server = spawnCli(['serve', '--watch', '--port', '0', '--schema', dir, '--database-url', db.url]);
  const [, address] = await waitForOutput(server, /GraphiQL: (\S+)\n/);
  url = address ?? '';
  client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
}, 60_000);

afterAll(async () => {
  await client?.dispose();
  if (server) await interrupt(server);
  await rm(project, { recursive: true, force: true });
});

describe('serve --watch', () => {
  it('swaps in an edited schema while a subscription stays open, and keeps it through an invalid edit', async () => {
    const created = await postGraphQL<{ createPerson: { id: string } }>(
      url,
      'mutation { createPerson(input: { name: "Ada" }) { id } }',
    );
    const id = created.data?.createPerson.id;
    // From the write's cursor, deltaAdded replays then streams with no gap: no race with the mutations below.
    const events = client.iterate<DeltaEdge>({
      query: `subscription ($after: String) { deltaAdded(after: $after) { cursor node { id pointers { localContext value } } } }`,
      variables: { after: created.extensions?.cursor },
    });

    const motto = `mutation { updatePerson(id: "${id}", input: { motto: "Note the difference" }) { motto } }`;
    const before = await postGraphQL(url, motto);
    expect(before.errors?.[0]?.message).toMatch(/motto/);

    // --watch keeps schema.graphql beside the schema directory current, as `schema print` would write it.
    const sdlFile = join(project, 'schema.graphql');
    expect(await readFile(sdlFile, 'utf8')).toBe(await readFile(join(repoRoot, 'schema.graphql'), 'utf8'));
    const rewritten = waitForOutput(server, /wrote .*schema\.graphql\n/);
    const reloaded = waitForOutput(server, /schema reloaded from .*: Company, Person\n/);
    await writeFile(
      personFile,
      original.replace('properties: {', "properties: {\n    motto: { type: 'String' },"),
    );
    await reloaded;
    await rewritten;
    expect(await readFile(sdlFile, 'utf8')).toMatch(/type Person \{[^}]*\n {2}motto: String\n/);

    const after = await postGraphQL(url, motto);
    expect(after).toEqual({
      data: { updatePerson: { motto: 'Note the difference' } },
      extensions: { cursor: expect.any(String) },
    });
    expect(await nextWith(events, 'motto')).toContainEqual({
      localContext: 'motto',
      value: 'Note the difference',
    });

    const refused = waitForOutput(server, /rhizome: SCHEMA_INVALID: (.*) \(keeping the previous schema\)\n/);
    await writeFile(
      personFile,
      original.replace('properties: {', "properties: {\n    motto: { type: 'Strin' },"),
    );
    const [, message] = await refused;
    expect(message).toMatch(/person\.ts: Person\.motto: unknown type "Strin"/);

    const still = await postGraphQL(url, `{ person(id: "${id}") { name motto } }`);
    expect(still).toEqual({ data: { person: { name: 'Ada', motto: 'Note the difference' } } });
    const more = await postGraphQL(url, `mutation { updatePerson(id: "${id}", input: { age: 36 }) { age } }`);
    expect(more.errors).toBeUndefined();
    expect(await nextWith(events, 'age')).toContainEqual({ localContext: 'age', value: 36 });
    await events.return?.();
  }, 60_000);
});
