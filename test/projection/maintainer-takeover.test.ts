import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { EntityModel } from '../../src/model/model.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import {
  expectTableAgrees,
  personDeltas,
  projectionsOf,
  startMaintainer,
  waitCaughtUp,
} from './support/projection-harness.js';
import { exampleModel } from './support/start-projected-app.js';

const database = useTestDatabase();
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The real server in a child process (test/e2e/support/instance-process.ts), killable with SIGKILL. */
async function spawnInstance(databaseUrl: string): Promise<ChildProcess> {
  const script = new URL('../e2e/support/instance-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the instance exited early (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if ((JSON.parse(line) as { url?: string }).url) resolve();
    });
  });
  return child;
}

describe('one maintainer per database', () => {
  it('when the maintainer is killed mid-batch, another takes over and nothing is lost or doubled', async () => {
    const model = await exampleModel();
    const type = model.entity('Person') as EntityModel;
    const store = createPostgresStore({ url: database.url });
    cleanups.push(() => store.close());
    const projections = projectionsOf(store);

    const child = await spawnInstance(database.url);
    cleanups.push(async () => child.kill('SIGKILL'));
    await waitCaughtUp(store, type);
    // This instance now follows, ready to take over.
    const follower = await startMaintainer(store, model);
    cleanups.push(() => follower.stop());
    expect(follower.state).toBe('following');

    let announced = 0;
    const listening = await projections.listen(() => announced++);
    cleanups.push(() => listening.unlisten());
    for (let chunk = 0; chunk < 6; chunk++) {
      await store.append(Array.from({ length: 500 }, (_, j) => personDeltas(chunk * 500 + j)).flat());
    }
    // Kill it while it folds the log: after its first batch has committed.
    await vi.waitFor(() => expect(announced).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await vi.waitFor(() => expect(follower.state).toBe('maintaining'), { timeout: 10_000, interval: 10 });
    const tookOverMs = Date.now() - killedAt;
    await waitCaughtUp(store, type, 60_000);

    // Every log entry folded exactly once, and the member count agrees with the rows.
    await expectTableAgrees(store, type, [{ field: 'age', direction: 'DESC' }]);
    expect(tookOverMs).toBeLessThan(5_000);
  }, 120_000);
});
