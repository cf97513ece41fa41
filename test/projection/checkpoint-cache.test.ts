import { describe, expect, it } from 'vitest';
import { createCheckpointCache } from '../../src/projection/checkpoint-cache.js';
import type { FeedCursor } from '../../src/store/feed-cursor.js';
import type { ProjectionCheckpoint, ProjectionStore } from '../../src/store/projection-store.js';

const checkpointAt = (position: number): ProjectionCheckpoint => ({
  tableName: 't',
  typeName: 'T',
  shape: 's',
  cursor: { txid: 1n, position: BigInt(position) },
  members: position,
  deltas: position,
  ready: true,
});

/** Only what the cache uses: checkpoint reads (counted) and a LISTEN that can be announced on or fail. */
function fakeProjections(listenFails = false) {
  let position = 1;
  let reads = 0;
  let announce: ((cursor: FeedCursor) => void) | undefined;
  const projections = {
    checkpoint: async () => {
      reads += 1;
      return checkpointAt(position);
    },
    listen: async (onCheckpoint: (cursor: FeedCursor) => void) => {
      if (listenFails) throw new Error('no LISTEN');
      announce = onCheckpoint;
      return { unlisten: async () => {} };
    },
  } as unknown as ProjectionStore;
  return {
    projections,
    reads: () => reads,
    move(to: number) {
      position = to;
      announce?.(checkpointAt(to).cursor);
    },
  };
}

describe('checkpoint cache of the lists', () => {
  it('reads a checkpoint once until an announcement says it moved', async () => {
    const fake = fakeProjections();
    const cache = createCheckpointCache(fake.projections);
    await cache.get('t'); // LISTEN is being set up: not kept yet
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.get('t');
    expect((await cache.get('t'))?.members).toBe(1);
    expect(fake.reads()).toBe(2);
    fake.move(5);
    expect((await cache.get('t'))?.members).toBe(5);
    expect((await cache.get('t', true))?.members).toBe(5);
    expect(fake.reads()).toBe(4);
    await cache.stop();
  });

  it('keeps nothing without a LISTEN', async () => {
    const fake = fakeProjections(true);
    const cache = createCheckpointCache(fake.projections);
    for (let i = 0; i < 3; i++) {
      await cache.get('t');
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(fake.reads()).toBe(3);
    await cache.stop();
  });

  it('wakes every waiter on an announcement', async () => {
    const fake = fakeProjections();
    const cache = createCheckpointCache(fake.projections);
    await cache.get('t');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const started = Date.now();
    const waiting = Promise.all([cache.next(10_000), cache.next(10_000), cache.next(10_000)]);
    fake.move(2);
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    await cache.stop();
  });
});
