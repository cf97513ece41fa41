import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** The page's sources (Preact, bundled by esbuild). */
export const EXPLORER_SOURCE = join(root, 'explorer');
/** Where the bundle is written; not committed (see .gitignore). */
export const EXPLORER_BUNDLE = join(root, 'dist', 'explorer');
const BUNDLE_FILES = ['index.html', 'app.js', 'app.css'] as const;

const newestSource = async (dir: string): Promise<number> => {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
};

const bundleTime = async (): Promise<number> => {
  const times = await Promise.all(
    BUNDLE_FILES.map((f) =>
      stat(join(EXPLORER_BUNDLE, f)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  return Math.min(...times);
};

/** Bundles the page with esbuild: one ES module and one stylesheet, minified, nothing fetched at runtime. */
export async function buildExplorer(): Promise<void> {
  const { build } = await import('esbuild');
  await mkdir(EXPLORER_BUNDLE, { recursive: true });
  await build({
    entryPoints: { app: join(EXPLORER_SOURCE, 'main.tsx') },
    outdir: EXPLORER_BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(EXPLORER_SOURCE, 'tsconfig.json'),
    logLevel: 'warning',
  });
  await copyFile(join(EXPLORER_SOURCE, 'index.html'), join(EXPLORER_BUNDLE, 'index.html'));
}

let ensured: Promise<void> | undefined;
/**
 * Builds the bundle once per process when it is missing or older than its
 * sources, so a fresh clone (or an edited page) needs no extra command; the
 * `postinstall` script normally built it already.
 */
export function ensureExplorerBundle(): Promise<void> {
  ensured ??= (async () => {
    const sources = await newestSource(EXPLORER_SOURCE).catch(() => 0);
    if (sources === 0 || (await bundleTime()) >= sources) return;
    await buildExplorer();
  })().catch((error: unknown) => {
    ensured = undefined;
    throw error;
  });
  return ensured;
}
