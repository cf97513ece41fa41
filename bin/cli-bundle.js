// The CLI as one ES module (dist/cli/rhizome.mjs), bundled by esbuild at install
// (`npm run build`). Node loads it in a fraction of the time the sources take
// through tsx, whose hooks every imported module would otherwise pass
// (docs/design.md §12). Run directly, this file builds it.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = join(root, 'src');
// Two levels below the root, as src/<dir>/<file>.ts is: the `../../` paths the
// sources resolve from `import.meta.url` (migrations, package.json, explorer) hold in both.
export const CLI_BUNDLE = join(root, 'dist', 'cli', 'rhizome.mjs');

const newestSource = () => {
  let newest = 0;
  for (const entry of readdirSync(SOURCES, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
};

/** True when the bundle exists and no source is newer: otherwise the sources run, through tsx. */
export function cliBundleIsFresh() {
  try {
    return statSync(CLI_BUNDLE).mtimeMs >= newestSource();
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
    packages: 'external',
    sourcemap: true,
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
