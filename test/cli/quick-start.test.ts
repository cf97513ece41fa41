import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/graphql-http.js';
import { repoRoot, waitForOutput } from '../support/run-cli.js';

// The README's quick start, literally: in a fresh checkout, `npm install && npm start`
// serves the example schema on the embedded database and prints the GraphiQL address.
// `npm install` is stood in for by linking this repository's node_modules.

let dir: string;
let server: ChildProcess;
let output = '';

const stop = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // npm → sh → tsx → node: Ctrl-C in a terminal reaches the whole process group.
  process.kill(-child.pid, 'SIGINT');
  await exited;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rhizome-quick-start-'));
  // What a fresh clone holds: the repository's files, not what .gitignore keeps out
  // (node_modules, .rhizome data). Untracked files count too, so work in progress is tested.
  const listing = ['ls-files', '-z', '--cached', '--others', '--exclude-standard'];
  const tracked = execFileSync('git', listing, { cwd: repoRoot, encoding: 'utf8' });
  for (const file of tracked.split('\0').filter((name) => name !== '')) {
    await cp(join(repoRoot, file), join(dir, file), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A file deleted in the working tree but not yet in git is not part of a fresh clone either.
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (server) await stop(server);
  await rm(dir, { recursive: true, force: true });
});

/** The GraphQL code blocks of a Markdown document, in order. */
const graphqlBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('quick start', () => {
  it('is what the README says to run', async () => {
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('```sh\nnpm install && npm start\n```');
    expect(readme).toContain('It prints `GraphiQL: http://localhost:4000/graphql`');
  });

  it('npm start serves GraphiQL on the embedded database and answers the walkthrough', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.DATABASE_URL;
    delete env.RHIZOME_DATA_DIR;
    delete env.RHIZOME_SCHEMA;
    server = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      output += chunk;
    });

    const [, address] = await waitForOutput(server, /GraphiQL: (http:\/\/localhost:\d+\/graphql)\n/);
    if (address === undefined) throw new Error(output);
    expect(output).toContain('Rhizome is running on embedded database in ./.rhizome/data');

    const page = await fetch(address, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);

    // The README's walkthrough, block by block: first mutation, second mutation, first query.
    const [create, update, query] = graphqlBlocks(await readFile(join(dir, 'README.md'), 'utf8'));
    expect(await postGraphQL(address, create ?? '')).toEqual({
      data: { createPerson: { id: 'ada', name: 'Ada Lovelace', age: 36, label: 'Ada Lovelace (36)' } },
      // Every writing operation reports the feed cursor of its last delta (docs/design.md §9).
      extensions: { cursor: expect.any(String) },
    });
    expect(await postGraphQL(address, update ?? '')).toEqual({
      data: { updatePerson: { age: 36, nickname: 'Enchantress' } },
      extensions: { cursor: expect.any(String) },
    });
    const answer = await postGraphQL<{ person: { name: string; age: number; _deltas: unknown[] } }>(
      address,
      query ?? '',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({
      person: { name: 'Ada Lovelace', age: 36 },
      people: { totalCount: 1, nodes: [{ id: 'ada', name: 'Ada Lovelace' }] },
      before: null,
    });
    // Two deltas gave Ada an age (36, then 30); `max` kept 36, and both remain visible.
    expect(answer.data?.person._deltas).toHaveLength(2);

    await stop(server);
    expect(output).toContain('SIGINT: stopping');
    expect(await readdir(join(dir, '.rhizome', 'data'))).not.toHaveLength(0);
  }, 120_000);
});
