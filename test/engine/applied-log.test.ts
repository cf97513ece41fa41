import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { createAppliedLog } from '../../src/engine/applied-log.js';

const delta = (id: string): Delta => ({ id, creator: 'a', host: 'h', timeCreated: 1, pointers: [] });

describe('applied log', () => {
  it('gives each load exactly what was applied since it began', () => {
    const log = createAppliedLog();
    log.record(delta('before')); // no load open: not kept
    const first = log.begin();
    log.record(delta('d1'));
    const second = log.begin();
    log.record(delta('d2'));
    expect(log.since(first).map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(log.since(second).map((d) => d.id)).toEqual(['d2']);
    log.end(first);
    expect(log.since(second).map((d) => d.id)).toEqual(['d2']);
  });

  it('keeps nothing that no open load can need, even when loads always overlap', () => {
    const log = createAppliedLog();
    let open = log.begin();
    for (let i = 0; i < 10_000; i++) {
      log.record(delta(`d${i}`));
      const next = log.begin();
      log.end(open);
      open = next;
      expect(log.size).toBeLessThanOrEqual(1);
    }
    log.record(delta('last'));
    expect(log.since(open).map((d) => d.id)).toEqual(['last']);
    log.end(open);
    expect(log.size).toBe(0);
  });
});
