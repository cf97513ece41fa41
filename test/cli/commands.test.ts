import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { postGraphQL } from '../support/graphql-http.js';
import { interrupt, repoRoot, runCli, spawnCli, waitForOutput } from '../support/run-cli.js';

const empty = useTestDatabase({ migrate: false });
const db = useTestDatabase();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rhizome-commands-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rhizome migrate', () => {
  it('creates the tables, and running it again changes nothing', async () => {
    const first = await runCli(['migrate', '--database-url', empty.url]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(`migrated ${empty.url}\n`);
    const again = await runCli(['migrate', '--database-url', empty.url]);
    expect(again).toMatchObject({ code: 0, stdout: first.stdout });
    const exported = await runCli(['export', '--database-url', empty.url]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('rhizome schema print', () => {
  it('prints the committed schema.graphql for the example declarations', async () => {
    const committed = await readFile(join(repoRoot, 'schema.graphql'), 'utf8');
    const printed = await runCli(['schema', 'print']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(committed);

    const out = join(dir, 'schema.graphql');
    const written = await runCli(['schema', 'print', '--out', out]);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: `wrote ${out}\n` });
    expect(await readFile(out, 'utf8')).toBe(committed);
  });
});

describe('rhizome serve', () => {
  it('records its --node-id as the host of the deltas it accepts, and stops on SIGTERM', async () => {
    const server = spawnCli([
      'serve',
      '--port',
      '0',
      '--database-url',
      db.url,
      '--node-id',
      'node-under-test',
    ]);
    try {
      const [, url] = await waitForOutput(server, /GraphiQL: (\S+)\n/);
      const created = await postGraphQL(
        url ?? '',
        'mutation { createPerson(input: { name: "Grace" }) { _deltas { host creator } } }',
      );
      expect(created).toEqual({
        data: { createPerson: { _deltas: [{ host: 'node-under-test', creator: 'anonymous' }] } },
        extensions: { cursor: expect.any(String) },
      });
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      await interrupt(server);
    }
  });
});
