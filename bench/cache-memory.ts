/**
 * `node --expose-gc --import tsx bench/cache-memory.ts`: heap bytes the engine
 * holds per cached entity. Loads ENTITIES people (each with a name, an age,
 * two tags and an employer, as mutations write them) through `engine.entities`
 * from an in-memory store that hands out fresh parsed copies, as a database
 * does, and reads the heap before and after with the garbage collected.
 */
import type { Delta } from '../src/delta/delta.js';
import { deltaBytes, entityBytes } from '../src/engine/delta-bytes.js';
import { createEngine } from '../src/engine/engine.js';
import { loadSchemaDir } from '../src/model/load-schema-dir.js';
import type { EntityModel } from '../src/model/model.js';
import type { DeltaStore } from '../src/store/delta-store.js';

const ENTITIES = Number(process.env.ENTITIES ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const person = (await loadSchemaDir(new URL('../schema', import.meta.url).pathname)).entity(
  'Person',
) as EntityModel;

const stored = new Map<string, string[]>(); // entity id → its deltas as JSON text
let sequence = 0;
const property = (entity: string, name: string, value: unknown) => {
  sequence++;
  const delta: Delta = {
    id: `delta-${sequence.toString().padStart(10, '0')}`,
    creator: 'bench',
    host: 'bench-node',
    timeCreated: 1_700_000_000_000 + sequence,
    pointers: [
      { localContext: 'person', target: { id: entity }, targetContext: name },
      { localContext: name, target: value as Delta['pointers'][number]['target'] },
    ],
  };
  const list = stored.get(entity) ?? [];
  list.push(JSON.stringify(delta));
  stored.set(entity, list);
};
const ids: string[] = [];
for (let i = 0; i < ENTITIES; i++) {
  const id = `person-${i}`;
  ids.push(id);
  property(id, 'name', `Person number ${i}`);
  property(id, 'age', 20 + (i % 60));
  property(id, 'tags', 'reader');
  property(id, 'tags', 'writer');
  property(id, 'employer', { id: `company-${i % 50}` });
}

const store = {
  byEntities: async (entityIds: readonly string[]) =>
    entityIds.flatMap((id) => (stored.get(id) ?? []).map((text) => JSON.parse(text) as Delta)),
} as unknown as DeltaStore;
const logger = { error: () => undefined, warn: () => undefined };
const engine = createEngine({
  store,
  logger,
  cacheEntities: ENTITIES,
  cacheBytes: Number.MAX_SAFE_INTEGER,
} as Parameters<typeof createEngine>[0]);

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
for (let i = 0; i < ids.length; i += 500) {
  const nodes = await engine.entities(person, ids.slice(i, i + 500));
  if (nodes.some((node) => node === null)) throw new Error('a person did not resolve');
}
const after = heap();
const perEntity = (after - before) / ENTITIES;
let estimated = 0;
for (const texts of stored.values()) {
  estimated += entityBytes();
  for (const text of texts) estimated += deltaBytes(JSON.parse(text) as Delta);
}
console.log(
  `${ENTITIES} entities cached: ${Math.round(perEntity)} heap bytes per entity measured, ` +
    `${Math.round(estimated / ENTITIES)} estimated (what RHIZOME_CACHE_BYTES counts)`,
);
