import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileModel, type SchemaSource } from './compile-model.js';
import type { Model } from './model.js';
import { schemaInvalid } from './schema-invalid.js';

const EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.js', '.json']);

const isDeclarationFile = (name: string): boolean => EXTENSIONS.has(extname(name)) && !name.endsWith('.d.ts');

const listFiles = async (dir: string): Promise<string[]> => {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && isDeclarationFile(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'the schema directory does not exist; create it or pass --schema DIR (or RHIZOME_SCHEMA)'
        : code === 'ENOTDIR'
          ? 'the schema path is not a directory'
          : `the schema directory cannot be read (${code ?? String(error)})`;
    throw schemaInvalid({ file: dir }, problem, error);
  }
};

/**
 * `.ts` declarations load through tsx's scoped loader, which compiles only
 * them (and what they import): registering tsx for the whole process would
 * send every module of the server through its hooks and double the start-up.
 */
const importDeclarations = async (url: string, file: string): Promise<unknown> => {
  if (!file.endsWith('.ts')) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
};

const readSource = async (file: string): Promise<SchemaSource> => {
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw schemaInvalid({ file }, 'the file cannot be read', error);
    }
    try {
      return { file, declarations: JSON.parse(text) };
    } catch (error) {
      throw schemaInvalid({ file }, `not valid JSON: ${(error as Error).message}`, error);
    }
  }
  let module: { default?: unknown };
  try {
    // The modification time in the URL makes a reload (`serve --watch`) see an edited file
    // instead of the module cached by its first import.
    const url = `${pathToFileURL(file).href}?mtime=${(await stat(file)).mtimeMs}`;
    module = (await importDeclarations(url, file)) as { default?: unknown };
  } catch (error) {
    throw schemaInvalid({ file }, `the module failed to load: ${(error as Error).message}`, error);
  }
  if (module.default === undefined) {
    throw schemaInvalid({ file }, 'no default export; export default one declaration or an array of them');
  }
  return { file, declarations: module.default };
};

/**
 * Loads every `.ts`, `.js` and `.json` file of `dir` (sorted by file name)
 * and compiles the declarations they default-export. `.ts` files load
 * through tsx (`importDeclarations`), whatever runs the server.
 *
 * @example const model = await loadSchemaDir('schema');
 */
export const loadSchemaDir = async (dir: string): Promise<Model> => {
  const names = await listFiles(dir);
  if (names.length === 0) {
    throw schemaInvalid({ file: dir }, 'the schema directory holds no .ts, .js or .json declarations');
  }
  const sources: SchemaSource[] = [];
  for (const name of names) sources.push(await readSource(join(dir, name)));
  return compileModel(sources);
};
