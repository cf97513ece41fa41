import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const drizzleKit = join(root, 'node_modules/.bin/drizzle-kit');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Runs `drizzle-kit generate` for src/store/tables.ts into a copy of `migrations` (or an empty folder). */
const generateInto = async (copyCommitted: boolean) => {
  const dir = await mkdtemp(join(tmpdir(), 'rhizome-drift-'));
  temps.push(dir);
  if (copyCommitted) await cp(join(root, 'migrations'), join(dir, 'migrations'), { recursive: true });
  const args = [
    'generate',
    '--dialect',
    'postgresql',
    '--schema',
    join(root, 'src/store/tables.ts'),
    '--out',
    'migrations',
  ];
  const { stdout } = await run(drizzleKit, args, { cwd: dir, env: { ...process.env, CI: 'true' } });
  const sqlFiles = (await readdir(join(dir, 'migrations'))).filter((file) => file.endsWith('.sql'));
  return { stdout, sqlFiles };
};

describe('migrations/', () => {
  test('match src/store/tables.ts (run `npm run db:generate` after changing the tables)', async () => {
    const committed = (await readdir(join(root, 'migrations'))).filter((file) => file.endsWith('.sql'));
    const { stdout, sqlFiles } = await generateInto(true);
    expect(stdout).toContain('No schema changes');
    expect(sqlFiles).toEqual(committed);
  });

  test('the check can fail: from nothing, drizzle-kit writes a migration', async () => {
    const { sqlFiles } = await generateInto(false);
    expect(sqlFiles).toHaveLength(1);
  });
});
