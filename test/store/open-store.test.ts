import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { openStore } from '../../src/store/open-store.js';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { useTestDatabase } from '../support/database.js';

const database = useTestDatabase();
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

const delta: Delta = {
  id: 'kept',
  creator: 'test',
  host: 'node-a',
  timeCreated: 1,
  pointers: [{ localContext: 'name', target: 'kept' }],
};

describe('openStore and the embedded data directory', () => {
  test('PGlite creates a missing data directory and keeps deltas across restarts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rhizome-data-'));
    temps.push(root);
    const dataDir = join(root, 'nested', 'data');
    const first = openStore({ dataDir });
    await first.migrate();
    await first.append([delta]);
    await first.close();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const second = createPgliteStore({ dataDir });
    await second.migrate();
    await expect(second.get('kept')).resolves.toEqual(delta);
    await second.close();
  });

  test('with a database URL it runs on that server', async () => {
    const store = openStore({ databaseUrl: database.url, dataDir: '/nonexistent/never-created' });
    await store.append([delta]);
    await expect(store.get('kept')).resolves.toEqual(delta);
    await store.close();
    await expect(stat('/nonexistent/never-created')).rejects.toThrow();
  });
});
