import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { loadClosures } from '../../src/engine/load-closures.js';
import { projectionOf, rowOf } from '../../src/projection/projection-shape.js';
import { resolveRows } from '../../src/projection/resolve-rows.js';
import { createViewCache } from '../../src/views/create-view-cache.js';
import { itemModel, itemType } from './support/projection-harness.js';

const type = itemType(itemModel());
const projection = projectionOf(type);
const ITEMS = 350;

const delta = (id: string, t: number, pointers: Delta['pointers']): Delta => ({
  id,
  creator: 'test',
  host: 'test',
  timeCreated: t,
  pointers,
});

/**
 * Items whose deltas cross the blocks `resolveRows` splits its work into:
 * each names itself, tags itself, and owns an item far away in the id order;
 * every third owner delta is negated and every ninth negation negated again.
 */
const log: Delta[] = [];
for (let i = 0; i < ITEMS; i++) {
  const item = { id: `i${String(i).padStart(3, '0')}` };
  const far = { id: `i${String((i * 7 + 150) % ITEMS).padStart(3, '0')}` };
  log.push(
    delta(`n${i}`, i, [
      { localContext: 'item', target: item, targetContext: 'name' },
      { localContext: 'name', target: `item ${i}` },
    ]),
    delta(`r${i}`, i, [
      { localContext: 'item', target: item, targetContext: 'rank' },
      { localContext: 'rank', target: i % 11 },
    ]),
    delta(`o${i}`, i + 1, [
      { localContext: 'item', target: item, targetContext: 'owner' },
      { localContext: 'owned', target: far, targetContext: 'tags' },
    ]),
  );
  if (i % 3 === 0) log.push(delta(`x${i}`, i + 2, [{ localContext: '_negates', target: { id: `o${i}` } }]));
  if (i % 9 === 0) log.push(delta(`y${i}`, i + 3, [{ localContext: '_negates', target: { id: `x${i}` } }]));
}

const byEntities = async (ids: readonly string[]) => {
  const wanted = new Set(ids);
  return log.filter((d) =>
    d.pointers.some(
      (p) => typeof p.target === 'object' && p.target !== null && wanted.has((p.target as { id: string }).id),
    ),
  );
};

describe('resolveRows', () => {
  it('gives every row as one view cache holding every closure would, however it splits the entities', async () => {
    const ids = Array.from({ length: ITEMS }, (_, i) => `i${String(i).padStart(3, '0')}`);
    const closures = await loadClosures({ byEntities }, ids);
    const whole = createViewCache();
    for (const [id, deltas] of closures) whole.load(id, deltas);
    const expected = ids.map((id) => {
      const view = whole.lossy(id, type);
      return view && rowOf(projection, id, view);
    });
    expect(expected.filter((row) => row?.view.owner != null).length).toBeGreaterThan(100);

    const failures: unknown[] = [];
    const changes = resolveRows([projection], closures, (failure) => failures.push(failure));
    expect(failures).toEqual([]);
    expect(changes.get(projection.tableName)?.upserts).toEqual(expected);
    expect(changes.get(projection.tableName)?.removals).toEqual([]);
  });
});
