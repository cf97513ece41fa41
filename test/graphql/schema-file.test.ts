import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printSchema } from '../../src/graphql/print-schema.js';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';

describe('schema.graphql', () => {
  it('matches what the declarations in schema/ generate (run `npm run schema:print` after changing them)', async () => {
    const model = await loadSchemaDir(new URL('../../schema', import.meta.url).pathname);
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSchema(model)).toBe(committed);
  });
});
