import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRhizomeError } from '../../src/errors.js';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import type { EntityModel } from '../../src/model/model.js';
import { createViewCache } from '../../src/views/create-view-cache.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const schemaDir = fileURLToPath(new URL('../../schema', import.meta.url));

const rejects = async (dir: string, ...patterns: RegExp[]) => {
  const error = await loadSchemaDir(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isRhizomeError(error) && error.code).toBe('SCHEMA_INVALID');
  for (const pattern of patterns) expect((error as Error).message).toMatch(pattern);
};

describe('loadSchemaDir', () => {
  it('loads the example domain: Person and Company, referencing each other', async () => {
    const model = await loadSchemaDir(schemaDir);
    expect(model.entities.map((entity) => entity.name)).toEqual(['Company', 'Person']);
    const person = model.entity('Person') as EntityModel;
    expect(person.plural).toBe('People');
    expect(person.collection).toBe('person');
    expect(person.file).toMatch(/person\.ts$/);
    expect(model.entity('Company')?.file).toMatch(/company\.json$/);
    const employees = model.entity('Company')?.properties.find((p) => p.name === 'employees');
    expect(employees?.type).toEqual({ kind: 'reference', entity: 'Person', list: true });
  });

  it('gives the example Person a working custom label', async () => {
    const person = (await loadSchemaDir(schemaDir)).entity('Person') as EntityModel;
    const set = (id: string, property: string, value: string | number) => ({
      id,
      creator: 'test',
      host: 'test',
      timeCreated: 1,
      pointers: [
        { localContext: 'person', target: { id: 'ada' }, targetContext: property },
        { localContext: property, target: value },
      ],
    });
    const cache = createViewCache();
    cache.load('ada', [set('n', 'name', 'Ada'), set('a1', 'age', 36), set('a2', 'age', 28)]);
    expect(cache.lossy('ada', person)).toMatchObject({
      name: 'Ada',
      age: 36,
      label: 'Ada (36)',
      friends: [],
    });
  });

  it('reads .js arrays and skips .d.ts files', async () => {
    const model = await loadSchemaDir(fixture('multi'));
    expect(model.entities.map((entity) => entity.name)).toEqual(['Circle', 'Square']);
  });

  it('rejects a missing directory', async () => {
    await rejects(fixture('nowhere'), /nowhere/, /does not exist/);
  });

  it('rejects a directory without declarations', async () => {
    await rejects(fixture('empty'), /holds no \.ts, \.js or \.json declarations/);
  });

  it('rejects broken JSON, naming the file', async () => {
    // Written at run time: a broken .json in the repository would fail the linter.
    const dir = await mkdtemp(join(tmpdir(), 'rhizome-schema-'));
    try {
      await writeFile(join(dir, 'broken.json'), '{ "name": "Broken", ');
      await rejects(dir, /broken\.json/, /not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a module without a default export', async () => {
    await rejects(fixture('no-default'), /thing\.ts/, /no default export/);
  });

  it('rejects a module that throws while loading', async () => {
    await rejects(fixture('throws'), /boom\.ts/, /boom while loading/);
  });

  it('names the file and property of an invalid declaration', async () => {
    await rejects(
      fixture('invalid'),
      /b-company\.json: Company\.name: resolver "sum" does not fit type String/,
    );
  });

  it('rejects the same name in two files, naming both', async () => {
    await rejects(fixture('duplicate'), /b\.js: Thing: "Thing" is already declared in .*a\.json/);
  });
});
