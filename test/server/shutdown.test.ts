import { createClient } from 'graphql-ws';
import postgres from 'postgres';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { useTestDatabase } from '../support/database.js';
import { finished, spawnCli } from '../support/run-cli.js';

// `rhizome serve` as a process, sent SIGTERM while a mutation waits on a table lock.
const database = useTestDatabase();
const closers: (() => Promise<unknown>)[] = [];
let server: ReturnType<typeof spawnCli> | undefined;
afterAll(async () => {
  // The server first: whatever else hangs, no process outlives the file.
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

describe('SIGTERM', () => {
  it('stops accepting, lets an in-flight mutation finish, closes subscriptions with 1001, exits 0', async () => {
    const child = spawnCli(['serve', '--port', '0', '--database-url', database.url], {
      env: { LOG_LEVEL: 'silent', RHIZOME_NODE_ID: 'node-test' },
    });
    server = child;
    const exited = finished(child);
    let stdout = '';
    child.stdout?.on('data', (text) => {
      stdout += String(text);
    });
    await vi.waitFor(() => expect(stdout).toMatch(/GraphiQL: (\S+)/), { timeout: 30_000, interval: 50 });
    const url = (/GraphiQL: (\S+)/.exec(stdout) as RegExpExecArray)[1] as string;

    // A subscriber, connected and listening.
    let closeCode: number | undefined;
    const connected = new Promise<void>((resolve) => {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
        on: {
          connected: () => resolve(),
          closed: (event) => {
            closeCode = (event as { code: number }).code;
          },
        },
      });
      client.subscribe(
        { query: 'subscription { personChanged { name } }' },
        { next() {}, error() {}, complete() {} },
      );
      closers.push(() => client.dispose() as Promise<void>);
    });
    await connected;

    // Inserts wait for this lock; reads do not.
    const admin = postgres(database.url, { max: 2, onnotice: () => {} });
    closers.push(() => admin.end({ timeout: 1 }));
    const locked = admin.reserve();
    const session = await locked;
    closers.push(async () => session.release());
    await session`BEGIN`;
    await session`LOCK TABLE deltas IN EXCLUSIVE MODE`;
    const mutation = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { createPerson(id: "late", input: { name: "Late" }) { name } }',
      }),
    });
    await vi.waitFor(
      async () => {
        const [row] = await admin`SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`;
        expect(row?.waiting).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 20 },
    );

    child.kill('SIGTERM');
    await vi.waitFor(() => expect(closeCode).toBe(1001), { timeout: 10_000, interval: 20 });
    // No new connection is accepted while the mutation drains.
    await expect(fetch(new URL('/ready', url))).rejects.toThrow();
    expect(child.exitCode).toBeNull();

    await session`COMMIT`;
    session.release();
    const answer = await (await mutation).json();
    expect(answer).toMatchObject({ data: { createPerson: { name: 'Late' } } });
    expect(answer.errors).toBeUndefined();
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SIGTERM: stopping');
    const [stored] = await admin`SELECT count(*)::int AS n FROM deltas`;
    expect(stored?.n).toBe(1);
  }, 60_000);
});
