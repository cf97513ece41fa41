import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { postGraphQL, withServer } from '../support/graphql-http.js';
import { finished, runCli, spawnCli } from '../support/run-cli.js';
import { seedDeltas } from './support/seed-deltas.js';

const source = useTestDatabase();
// Created without tables: `rhizome import` must be enough on an empty database.
const target = useTestDatabase({ migrate: false });
const deltas = seedDeltas(500);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rhizome-export-'));
  const store = createPostgresStore({ url: source.url });
  // Several transactions, so the feed spans many transaction ids.
  for (let start = 0; start < deltas.length; start += 500)
    await store.append(deltas.slice(start, start + 500));
  await store.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PEOPLE = `{ people(first: 1000) { totalCount nodes { id name nickname age tags visits employer { id } } } }`;
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('rhizome export | rhizome import', () => {
  it('exports every delta in the wire format, in feed order', async () => {
    const result = await runCli(['export', '--database-url', source.url]);
    expect(result.code).toBe(0);
    const exported = lines(result.stdout).map((line) => JSON.parse(line));
    expect(exported).toEqual(deltas);
    expect(result.stderr).toMatch(
      new RegExp(`^exported ${deltas.length} deltas in [\\d.]+ s \\(\\d+ deltas/s\\); last cursor: \\S+\\n$`),
    );
  });

  it('reproduces identical deltas and views in an empty database, and is idempotent', async () => {
    const file = join(dir, 'all.ndjson');
    const exported = await runCli(['export', '--database-url', source.url, '--out', file]);
    expect(exported.code).toBe(0);

    const first = await runCli(['import', file, '--database-url', target.url]);
    expect(first.stderr).toMatch(
      new RegExp(
        `^imported ${deltas.length} deltas in [\\d.]+ s \\(\\d+ deltas/s\\); ${deltas.length} new, 0 already stored\\n$`,
      ),
    );
    expect(first.code).toBe(0);
    const second = await runCli(['import', file, '--database-url', target.url]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`; 0 new, ${deltas.length} already stored`);

    const reExported = await runCli(['export', '--database-url', target.url]);
    expect(reExported.stdout).toBe(await readFile(file, 'utf8'));

    const before = await withServer(source.url, (url) => postGraphQL(url, PEOPLE));
    const after = await withServer(target.url, (url) => postGraphQL(url, PEOPLE));
    expect(before.errors).toBeUndefined();
    expect(after).toEqual(before);
    expect(after.data).toMatchObject({ people: { totalCount: 500 } });
  }, 60_000);

  it('continues an export after the cursor it printed', async () => {
    const first = await runCli(['export', '--database-url', source.url]);
    const cursor = first.stderr.match(/; last cursor: (\S+)\n$/)?.[1];
    expect(cursor, first.stderr).toBeDefined();
    const later = seedDeltas(2)
      .slice(0, 3)
      .map((delta) => ({ ...delta, id: `later-${delta.id}` }));
    const store = createPostgresStore({ url: source.url });
    await store.append(later);
    await store.close();

    const rest = await runCli(['export', '--database-url', source.url, '--after', cursor ?? '']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(lines(rest.stdout).map((line) => JSON.parse(line))).toEqual(later);
    const everything = await runCli(['export', '--database-url', source.url]);
    expect(everything.stdout).toBe(first.stdout + rest.stdout);
  });

  it('ends quietly when the reader closes the pipe (rhizome export | head)', async () => {
    const child = spawnCli(['export', '--database-url', source.url]);
    child.stdin?.end();
    const result = finished(child);
    // Like `head -1`: take the first chunk, then close the pipe while export still writes.
    child.stdout?.once('data', () => child.stdout?.destroy());
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toMatch(/^output closed: exported \d+ deltas in [\d.]+ s .*; last cursor: \S+\n$/);
  });

  it('reads stdin when no file is given', async () => {
    const extra = `${JSON.stringify({ ...deltas[0], id: 'from-stdin' })}\n`;
    const result = await runCli(['import', '--database-url', target.url], { input: extra });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('imported 1 deltas');
    const exported = await runCli(['export', '--database-url', target.url]);
    expect(lines(exported.stdout).at(-1)).toBe(extra.trim());
  });

  it('works the same on the embedded database (no DATABASE_URL)', async () => {
    const file = join(dir, 'small.ndjson');
    const small = seedDeltas(40);
    await writeFile(file, small.map((delta) => `${JSON.stringify(delta)}\n`).join(''));
    const dataDir = join(dir, 'embedded');
    const imported = await runCli(['import', file, '--data-dir', dataDir]);
    expect(imported.stderr).toContain(`imported ${small.length} deltas`);
    const exported = await runCli(['export', '--data-dir', dataDir]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(await readFile(file, 'utf8'));
  }, 60_000);

  it('refuses a line without its own id, naming the line', async () => {
    const file = join(dir, 'no-id.ndjson');
    const { id: _, ...anonymous } = deltas[5] ?? {};
    await writeFile(file, `${JSON.stringify(deltas[4])}\n${JSON.stringify(anonymous)}\n`);
    const result = await runCli(['import', file, '--database-url', target.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'rhizome: line 2: missing "id"; imported deltas must carry their own id so that re-running is safe (nothing stored by this run)\n',
    );
  });
});
