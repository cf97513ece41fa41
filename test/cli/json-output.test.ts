import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWireLine } from '../../src/cli/wire-line.js';
import { useTestDatabase } from '../support/database.js';
import { runCli } from '../support/run-cli.js';
import { startTestApp } from '../support/start-app.js';
import { seedDeltas } from './support/seed-deltas.js';

// Created without tables: migrate --status sees every migration pending first.
const db = useTestDatabase({ migrate: false });
const deltas = seedDeltas(20);
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rhizome-json-'));
  file = join(dir, 'in.ndjson');
  await writeFile(file, deltas.map(toWireLine).join(''));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = async (...args: string[]) => {
  const result = await runCli([...args, '--database-url', db.url]);
  expect(result.stderr.includes('rhizome:') ? result.stderr : '').toBe('');
  expect(result.code).toBe(0);
  return result;
};
const json = (text: string) => JSON.parse(text.trim().split('\n').at(-1) ?? '');

describe('--json output', () => {
  it('migrate --status, migrate, import, export and status print JSON that parses', async () => {
    const before = json((await cli('migrate', '--status', '--json')).stdout);
    expect(before).toMatchObject({ migrated: false, applied: [] });
    expect(before.pending).toContain('0000_deltas');
    const after = json((await cli('migrate', '--json')).stdout);
    expect(after).toMatchObject({ migrated: true, pending: [], applied: before.pending });

    const imported = json((await cli('import', file, '--json')).stdout);
    expect(imported).toEqual({
      imported: deltas.length,
      new: deltas.length,
      alreadyStored: 0,
      seconds: expect.any(Number),
      interrupted: false,
    });

    const app = await startTestApp(db.url);
    try {
      const out = join(dir, 'out.ndjson');
      // Independent reads of the same database, run side by side to keep the file fast.
      const [toFile, toStdout, statusRun] = await Promise.all([
        cli('export', '--json', '--out', out),
        cli('export', '--json'),
        cli('status', '--json', '--server', app.url),
      ]);
      const summary = json(toFile.stdout);
      expect(summary).toEqual({
        exported: deltas.length,
        lastCursor: expect.any(String),
        seconds: expect.any(Number),
        interrupted: false,
        outputClosed: false,
        heldBack: false,
      });
      // Without --out the deltas own stdout, so the summary goes to stderr.
      expect(toStdout.stdout.trim().split('\n')).toHaveLength(deltas.length);
      expect(json(toStdout.stderr)).toEqual({ ...summary, seconds: expect.any(Number) });

      const status = json(statusRun.stdout);
      expect(status).toMatchObject({
        database: { reachable: true },
        migrations: { pending: [] },
        head: { deltas: deltas.length, position: expect.any(String), cursor: summary.lastCursor },
        heldBack: false,
        peers: [],
        server: {
          ready: true,
          feedHealthy: true,
          stopping: false,
          feedLagPositions: expect.any(Number),
          peers: [],
        },
      });
      expect(status.projections.map((p: { type: string }) => p.type).sort()).toEqual(['Company', 'Person']);
      expect(status.projections[0]).toMatchObject({ ready: true, lagPositions: expect.any(Number) });
    } finally {
      await app.stop();
    }
  }, 60_000);
});
