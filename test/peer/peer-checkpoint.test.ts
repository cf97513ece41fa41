import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createPgliteStore } from '../../src/store/pglite-store.js';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';

const db = useTestDatabase();

const delta = (id: string, name: string): Delta => ({
  id,
  creator: 'ada',
  host: 'node-a',
  timeCreated: 1_700_000_000_000,
  pointers: [{ localContext: 'name', target: name }],
});

const backends = [
  ['postgres', () => createPostgresStore({ url: db.url, maxConnections: 2 })],
  ['pglite', () => createPgliteStore({ dataDir: 'memory://' })],
] as const;

describe.each(backends)('peer checkpoints on %s', (_name, open) => {
  it('stores the cursor with the batch, and not when the batch is refused', async () => {
    const store = open();
    await store.migrate();
    const peer = `ws://peer-${Math.random()}/graphql`;
    expect(await store.peerCursor(peer)).toBeNull();
    await store.append([delta(`${peer}-1`, 'Ada')], { peer: { peer, cursor: 'c1' } });
    expect(await store.peerCursor(peer)).toBe('c1');
    // A conflict rolls back the whole transaction, the cursor with it.
    await expect(
      store.append([delta(`${peer}-2`, 'x'), delta(`${peer}-1`, 'Other')], { peer: { peer, cursor: 'c2' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.peerCursor(peer)).toBe('c1');
    expect(await store.get(`${peer}-2`)).toBeUndefined();
    await store.close();
  });

  it('moves the cursor for an empty batch and keeps quarantined deltas once', async () => {
    const store = open();
    await store.migrate();
    const peer = `ws://peer-${Math.random()}/graphql`;
    const local = delta(`${peer}-q`, 'Local');
    const remote = delta(`${peer}-q`, 'Remote');
    await store.append([local]);
    const checkpoint = { peer, cursor: 'c9', quarantine: [{ local, remote }] };
    await store.append([], { peer: checkpoint });
    await store.append([], { peer: checkpoint });
    expect(await store.peerCursor(peer)).toBe('c9');
    const entries = (await store.quarantined()).filter((entry) => entry.peer === peer);
    expect(entries).toEqual([{ id: local.id, peer, local, remote, at: expect.any(Number) }]);
    await store.close();
  });
});
