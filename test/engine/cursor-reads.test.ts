import { describe, expect, it } from 'vitest';
import { createCursorReads } from '../../src/engine/cursor-reads.js';
import { isRhizomeError } from '../../src/errors.js';
import { set } from '../support/build-deltas.js';

const cursor = { txid: 10n, position: 5n };

/** A store double whose cursor settles after `unsettled` checks. */
const storeSettlingAfter = (unsettled: number, issued = true) => {
  let checks = 0;
  return {
    checks: () => checks,
    cursorState: async () => ({ settled: checks++ >= unsettled, issued }),
    byEntitiesAt: async (ids: readonly string[]) =>
      ids.includes('p1') ? [set('d1', 1, 'p1', 'name', 'Ada')] : [],
  };
};

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return isRhizomeError(error) ? error.code : 'not a RhizomeError';
  }
  return 'resolved';
};

describe('createCursorReads', () => {
  it('waits for the cursor to settle, then reads a fresh view loaded at it', async () => {
    const store = storeSettlingAfter(3);
    const reads = createCursorReads({ store });
    const seen = await reads.read(['p1'], cursor, (cache) => cache.lossless('p1').properties.name?.length);
    expect(seen).toBe(1);
    expect(store.checks()).toBe(4);
  });

  it('answers SERVICE_UNAVAILABLE when an older transaction stays open', async () => {
    const reads = createCursorReads({ store: storeSettlingAfter(Number.POSITIVE_INFINITY), settleMs: 20 });
    expect(await codeOf(reads.read(['p1'], cursor, () => 1))).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers BAD_USER_INPUT for a cursor beyond the end of the feed', async () => {
    const reads = createCursorReads({ store: storeSettlingAfter(Number.POSITIVE_INFINITY, false) });
    expect(await codeOf(reads.read(['p1'], cursor, () => 1))).toBe('BAD_USER_INPUT');
  });
});
