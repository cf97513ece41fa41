import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireLine } from '../../src/cli/wire-line.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { finished, runCli, spawnCli } from '../support/run-cli.js';
import { seedDeltas } from './support/seed-deltas.js';

const truncated = useTestDatabase();
const interrupted = useTestDatabase();
const killed = useTestDatabase();
const deltas = seedDeltas(6000);
const total = deltas.length;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rhizome-resume-'));
  file = join(dir, 'all.ndjson');
  await writeFile(file, deltas.map(toWireLine).join(''));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const count = async (url: string): Promise<number> => {
  const store = createPostgresStore({ url, maxConnections: 1 });
  try {
    return await store.count();
  } finally {
    await store.close();
  }
};

const exported = async (url: string): Promise<string> =>
  (await runCli(['export', '--database-url', url])).stdout;

/** Starts an import and, as soon as its first batch commits (NOTIFY), sends `signal`. */
async function importUntilFirstCommit(url: string, signal: NodeJS.Signals) {
  const store = createPostgresStore({ url, maxConnections: 2 });
  const child = spawnCli(['import', file, '--database-url', url, '--batch-size', '200']);
  const result = finished(child);
  let sent = false;
  // A wake-up also comes when listening starts, so check that a batch is really in.
  const listening = await store.listen(() => {
    void store.count().then(
      (stored) => {
        if (stored > 0 && !sent) sent = child.kill(signal);
      },
      () => {},
    );
  });
  try {
    return await result;
  } finally {
    await listening.unlisten();
    await store.close();
  }
}

describe('an interrupted import resumes', () => {
  it('after a truncated file: the complete batches are kept, the rest follows with --skip', async () => {
    const text = await readFile(file, 'utf8');
    const cut = text.split('\n').slice(0, 1500).join('\n');
    const partial = join(dir, 'partial.ndjson');
    // Cut in the middle of line 1500, as a copy that ran out of disk would be.
    await writeFile(partial, cut.slice(0, cut.length - 40));

    const first = await runCli(['import', partial, '--database-url', truncated.url]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(
      /^rhizome: line 1500: not valid JSON \(.+\) \(lines 1-1000 are stored; resume with --skip 1000\)\n$/,
    );
    expect(await count(truncated.url)).toBe(1000);

    const rest = await runCli(['import', file, '--skip', '1000', '--database-url', truncated.url]);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain(`imported ${total - 1000} deltas`);
    expect(rest.stderr).toContain(`; ${total - 1000} new, 0 already stored`);
    expect(await exported(truncated.url)).toBe(text);
  });

  it('after Ctrl-C: it stops between batches and says where to go on', async () => {
    const stopped = await importUntilFirstCommit(interrupted.url, 'SIGINT');
    expect(stopped.code).toBe(130);
    const match = stopped.stderr.match(/^interrupted: imported (\d+) deltas .*; resume with --skip (\d+)\n$/);
    expect(match).not.toBeNull();
    const done = Number(match?.[1]);
    expect(Number(match?.[2])).toBe(done);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(total);
    expect(await count(interrupted.url)).toBe(done);

    const rest = await runCli(['import', file, '--skip', String(done), '--database-url', interrupted.url]);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain(`; ${total - done} new, 0 already stored`);
    expect(await exported(interrupted.url)).toBe(await readFile(file, 'utf8'));
  });

  it('after the process is killed: running the same import again completes it', async () => {
    const died = await importUntilFirstCommit(killed.url, 'SIGKILL');
    expect(died.signal).toBe('SIGKILL');
    const before = await count(killed.url);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(total);

    const again = await runCli(['import', file, '--database-url', killed.url]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`imported ${total} deltas`);
    expect(again.stderr).toContain(`; ${total - before} new, ${before} already stored`);
    expect(await exported(killed.url)).toBe(await readFile(file, 'utf8'));
  });
});
