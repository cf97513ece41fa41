import { describe, expect, it } from 'vitest';
import { ImportLineError, importDeltas } from '../../src/cli/import-deltas.js';
import type { Delta } from '../../src/delta/delta.js';
import { createDeltaDefaults } from '../../src/delta/delta-defaults.js';
import { parseDelta } from '../../src/delta/parse-delta.js';
import type { AppendOutcome } from '../../src/store/delta-store.js';

// The batching rules in isolation; the Postgres round trip is covered by the CLI tests.
const defaults = createDeltaDefaults({ host: 'test' });
const parse = (value: unknown) => parseDelta(value, defaults);

const line = (n: number) =>
  JSON.stringify({
    id: `d${n}`,
    creator: 'alice',
    host: 'node-a',
    timeCreated: 1_700_000_000_000 + n,
    pointers: [{ localContext: 'name', target: `value ${n}` }],
  });

async function* lines(texts: readonly string[]) {
  yield* texts;
}

const memoryStore = () => {
  const stored = new Map<string, Delta>();
  const batches: number[] = [];
  return {
    stored,
    batches,
    async append(deltas: readonly Delta[]): Promise<AppendOutcome[]> {
      batches.push(deltas.length);
      return deltas.map((delta, i) => {
        const inserted = !stored.has(delta.id);
        stored.set(delta.id, delta);
        return { id: delta.id, position: BigInt(i), inserted, delta };
      });
    },
  };
};

describe('importDeltas', () => {
  it('stores every line in batches and counts what was new', async () => {
    const store = memoryStore();
    const input = Array.from({ length: 25 }, (_, i) => line(i + 1));
    const first = await importDeltas(lines(input), { store, parse, batchSize: 10 });
    expect(first).toEqual({ committedLines: 25, deltas: 25, inserted: 25, stopped: false });
    expect(store.batches).toEqual([10, 10, 5]);
    expect(store.stored.get('d7')?.host).toBe('node-a');

    const again = await importDeltas(lines(input), { store, parse, batchSize: 10 });
    expect(again).toMatchObject({ deltas: 25, inserted: 0 });
  });

  it('stops at a bad line, storing no delta of its batch and every earlier batch', async () => {
    const store = memoryStore();
    const input = Array.from({ length: 25 }, (_, i) => line(i + 1));
    input[13] = '{"id": "broken", "pointers": []}';
    const failure = importDeltas(lines(input), { store, parse, batchSize: 10 });
    await expect(failure).rejects.toBeInstanceOf(ImportLineError);
    await expect(failure).rejects.toThrow(/^line 14: .*pointers/);
    expect([...store.stored.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => `d${i + 1}`));
  });

  it('names the line of text that is not JSON', async () => {
    const store = memoryStore();
    await expect(importDeltas(lines([line(1), '{oops']), { store, parse })).rejects.toThrow(
      /^line 2: not valid JSON/,
    );
    expect(store.stored.size).toBe(0);
  });

  it('skips lines already imported and ignores blank lines', async () => {
    const store = memoryStore();
    const input = [line(1), '', line(2), line(3), ''];
    const result = await importDeltas(lines(input), { store, parse, skip: 2 });
    expect([...store.stored.keys()]).toEqual(['d2', 'd3']);
    expect(result).toMatchObject({ committedLines: 5, deltas: 2 });
  });

  it('stops between batches when asked, reporting how far it got', async () => {
    const store = memoryStore();
    const input = Array.from({ length: 30 }, (_, i) => line(i + 1));
    let stop = false;
    const result = await importDeltas(lines(input), {
      store,
      parse,
      batchSize: 10,
      stopped: () => stop,
      onBatch: () => {
        stop = true;
      },
    });
    expect(result).toEqual({ committedLines: 10, deltas: 10, inserted: 10, stopped: true });
    expect(store.stored.size).toBe(10);
  });
});

describe('importDeltas with several batches in flight', () => {
  it('reports only the stored prefix when a batch fails while a later one commits', async () => {
    const store = memoryStore();
    const append = store.append.bind(store);
    let calls = 0;
    const flaky = {
      async append(deltas: readonly Delta[]): Promise<AppendOutcome[]> {
        calls += 1;
        if (calls === 2) throw new Error('connection lost');
        return append(deltas);
      },
    };
    const seen: number[] = [];
    const input = Array.from({ length: 40 }, (_, i) => line(i + 1));
    const failure = importDeltas(lines(input), {
      store: flaky,
      parse,
      batchSize: 10,
      concurrency: 3,
      onBatch: (progress) => seen.push(progress.committedLines),
    });
    await expect(failure).rejects.toThrow(/^line 11: batch of lines 11-20 was refused: connection lost$/);
    expect(seen).toEqual([10]);
    // Batches 3 and 4 committed too; re-running from --skip 10 re-sends them, harmlessly.
    expect(store.stored.size).toBe(30);
  });

  it('accounts batches in file order and stores everything', async () => {
    const store = memoryStore();
    const seen: number[] = [];
    const input = Array.from({ length: 45 }, (_, i) => line(i + 1));
    const result = await importDeltas(lines(input), {
      store,
      parse,
      batchSize: 10,
      concurrency: 4,
      onBatch: (progress) => seen.push(progress.committedLines),
    });
    expect(result).toEqual({ committedLines: 45, deltas: 45, inserted: 45, stopped: false });
    expect(seen).toEqual([10, 20, 30, 40, 45]);
  });
});
