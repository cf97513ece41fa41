import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Delta } from '../../src/delta/delta.js';
import { compileModel } from '../../src/model/compile-model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';

/** The shared conformance cases (docs/design.md §1–§2), copied here so the suite stands alone. */
interface Case {
  readonly name: string;
  readonly type: string;
  readonly entity: string;
  readonly asOf?: number;
  readonly deltas: Delta[];
  readonly expect: Record<string, unknown> | null;
}

const file = new URL('./conformance.json', import.meta.url);
const suite = JSON.parse(readFileSync(file, 'utf8')) as { entities: unknown[]; cases: Case[] };
const model = compileModel([{ file: 'conformance.json', declarations: suite.entities }]);

const check = (
  c: Case,
  resolve: (deltas: Delta[]) => ReturnType<ReturnType<typeof createViewCache>['lossy']>,
) => {
  const type = model.entity(c.type);
  if (!type) throw new Error(`unknown type ${c.type}`);
  const view = resolve(c.deltas);
  if (c.expect === null) {
    expect(view).toBeNull();
    return;
  }
  expect(view).not.toBeNull();
  for (const [property, value] of Object.entries(c.expect)) expect(view?.[property]).toEqual(value);
};

describe('views conformance', () => {
  it('covers every case of the shared file', () => {
    expect(suite.cases).toHaveLength(33);
  });

  describe.each(suite.cases)('$name', (c) => {
    const type = () => model.entity(c.type) as NonNullable<ReturnType<typeof model.entity>>;
    const options = c.asOf === undefined ? undefined : { asOf: c.asOf };

    it('loaded at once', () => {
      check(c, (deltas) => {
        const cache = createViewCache();
        cache.load(c.entity, deltas);
        return cache.lossy(c.entity, type(), options);
      });
    });

    it('applied one by one, in the given order and reversed', () => {
      for (const order of [c.deltas, [...c.deltas].reverse()]) {
        check(c, (deltas) => {
          const cache = createViewCache();
          cache.load(c.entity, []);
          cache.lossy(c.entity, type(), options); // folds exist before the deltas arrive
          for (const delta of order === c.deltas ? deltas : [...deltas].reverse()) cache.apply(delta);
          return cache.lossy(c.entity, type(), options);
        });
      }
    });
  });
});
