// The CLI as one ES module (dist/cli/rhizome.mjs), bundled by esbuild at install
// (`npm run build`) with its dependencies. Node loads it in a fraction of the
// time the sources take through tsx, whose hooks every imported module would
// otherwise pass, and of the time resolving and reading several hundred
// dependency files takes (docs/design.md §12). Run directly, this file builds it.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = join(root, 'src');
// Two levels below the root, as src/<dir>/<file>.ts is: the `../../` paths the
// sources resolve from `import.meta.url` (migrations, package.json, explorer) hold in both.
export const CLI_BUNDLE = join(root, 'dist', 'cli', 'rhizome.mjs');

/**
 * Left to Node's resolution at run time, each for a reason of its own:
 * - PGlite reads its WebAssembly and data files from its own folder;
 * - tsx is a loader (its hooks run in a worker from its own files), and esbuild a native binary;
 * - pino starts its transports as workers from its own files;
 * - OpenTelemetry's API is a process-wide registry that a user's SDK must share;
 * - GraphiQL's renderer is 9 MB of page that only a GraphiQL request loads.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'tsx',
  'tsx/*',
  'esbuild',
  'pino',
  '@opentelemetry/*',
  '@graphql-yoga/render-graphiql',
];

// The bundle holds the installed dependencies too: an install after it was built (npm rewrites
// node_modules/.package-lock.json on each) makes it stale like an edited source does.
const INSTALLED = [join(root, 'node_modules', '.package-lock.json'), join(root, 'package.json')];

const newestInput = () => {
  let newest = 0;
  for (const entry of readdirSync(SOURCES, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  for (const file of INSTALLED)
    newest = Math.max(newest, statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  return newest;
};

/** True when the bundle exists and no source or install is newer: otherwise the sources run, through tsx. */
export function cliBundleIsFresh() {
  try {
    return statSync(CLI_BUNDLE).mtimeMs >= newestInput();
  } catch {
    return false;
  }
}

export async function buildCliBundle() {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: [join(SOURCES, 'cli', 'main.ts')],
    outfile: CLI_BUNDLE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS dependencies require Node's built-ins; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __rhizomeRequire } from 'node:module'; const require = __rhizomeRequire(import.meta.url);",
    },
    // Stack traces still name the original file and line; the map stays small enough to read at start.
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true });
  // Each written aside and renamed, the bundle last: a CLI starting meanwhile never loads half a file.
  const files = [...outputFiles].sort(
    (a, b) => Number(a.path === CLI_BUNDLE) - Number(b.path === CLI_BUNDLE),
  );
  for (const file of files) {
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCliBundle();
  console.log(`CLI bundled into ${CLI_BUNDLE}`);
}
