import { describe, expect, it, vi } from 'vitest';
import { RhizomeError } from '../../src/errors.js';
import { createProjectionMaintainer } from '../../src/projection/projection-maintainer.js';
import { projectionOf } from '../../src/projection/projection-shape.js';
import type { DeltaStore } from '../../src/store/delta-store.js';
import type { MaintainerSession, ProjectionStore } from '../../src/store/projection-store.js';
import { itemModel, itemType, silentLogger } from './support/projection-harness.js';

/** The lock answers only when the test says so; everything else is inert. */
function gatedLock() {
  let answer: (locked: boolean) => void = () => {};
  let asked: () => void = () => {};
  const gate = {
    batches: 0,
    closed: 0,
    asked: new Promise<void>((resolve) => {
      asked = resolve;
    }),
    answer: (locked: boolean) => answer(locked),
  };
  const session: MaintainerSession = {
    tryLock: () =>
      new Promise<boolean>((resolve) => {
        answer = resolve;
        asked();
      }),
    batch: async () => {
      gate.batches++;
    },
    close: async () => {
      gate.closed++;
    },
  };
  const projections = {
    openSession: async () => session,
    prepare: async () => {},
    checkpoints: async () => [],
  } as unknown as ProjectionStore;
  const store = {
    listen: async () => ({ unlisten: async () => {} }),
    since: async () => [],
  } as unknown as DeltaStore;
  return { gate, projections, store };
}

describe('the maintainer states', () => {
  it('following → stopped: a stop that comes while the lock is being taken ends the loop for good', async () => {
    const { gate, projections, store } = gatedLock();
    const maintainer = createProjectionMaintainer({
      store,
      projections,
      model: itemModel(),
      logger: silentLogger,
    });
    await maintainer.start();
    await gate.asked;
    const stopped = maintainer.stop();
    gate.answer(true);
    await stopped;
    expect(maintainer.state).toBe('stopped');
    expect(gate.batches).toBe(0);
    expect(gate.closed).toBe(1);
  });
});

describe('a maintainer that loses its lock', () => {
  it('maintaining → following: a batch refused for a lost lock closes the session and tries to take over again', async () => {
    const model = itemModel();
    const { tableName } = projectionOf(itemType(model));
    let sessions = 0;
    let closed = 0;
    const projections = {
      openSession: async (): Promise<MaintainerSession> => {
        sessions++;
        return {
          tryLock: async () => sessions === 1,
          batch: async () => {
            throw new RhizomeError(
              'SERVICE_UNAVAILABLE',
              'This instance no longer holds the maintainer lock.',
            );
          },
          close: async () => {
            closed++;
          },
        };
      },
      prepare: async () => {},
      checkpoints: async () => [
        {
          tableName,
          typeName: 'Item',
          shape: '',
          cursor: { txid: 0n, position: 0n },
          members: 0,
          deltas: 0,
          ready: true,
        },
      ],
    } as unknown as ProjectionStore;
    const entry = {
      cursor: { txid: 5n, position: 1n },
      delta: {
        id: 'd',
        creator: 'c',
        host: 'h',
        timeCreated: 1,
        pointers: [{ localContext: 'item', target: { id: 'e' } }],
      },
    };
    const store = {
      listen: async () => ({ unlisten: async () => {} }),
      since: async () => [entry],
      byEntities: async () => [],
      getMany: async () => [],
    } as unknown as DeltaStore;
    const states: string[] = [];
    const maintainer = createProjectionMaintainer({
      store,
      projections,
      model,
      logger: { info() {}, warn: () => states.push('warned') },
      takeOverMs: 5,
    });
    await maintainer.start();
    await vi.waitFor(() => expect(sessions).toBeGreaterThanOrEqual(2));
    expect(maintainer.state).toBe('following');
    expect(states).toContain('warned');
    await maintainer.stop();
    expect(closed).toBe(sessions);
  });
});
