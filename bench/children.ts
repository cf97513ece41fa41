/**
 * Child processes a bench starts, so that none outlives it: each is killed
 * when the bench ends normally, throws, or is interrupted (SIGINT, SIGTERM).
 * Children are spawned as `node …` directly (not through `npx`), so the pid
 * we hold is the server's own and a signal reaches it, not a wrapper.
 */
import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from 'node:child_process';

const running = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];

/**
 * Builds the CLI bundle before a bench starts `bin/rhizome.js`: with a bundle older than src/, the CLI
 * runs the sources through tsx, and the bench would time a developer's checkout (about 0.9 s more to
 * the first list) instead of what `npm install` sets up.
 */
export function buildCliBundle(): void {
  execFileSync(process.execPath, ['bin/cli-bundle.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Spawns `node <args>` and remembers the child until it exits. */
export function spawnNode(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(process.execPath, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Stops one child with SIGTERM and resolves once it has exited (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Registers work (dropping a database, removing files) to run once when the bench ends or is interrupted. */
export function atEnd(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

let ended: Promise<void> | undefined;
/** Stops every child, then runs the registered cleanups, last registered first. Safe to call twice. */
export function endBench(): Promise<void> {
  ended ??= (async () => {
    await Promise.all([...running].map((child) => stopChild(child)));
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`cleanup failed: ${String(error)}`));
    }
  })();
  return ended;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers and cleaning up`);
    void endBench().finally(() => process.exit(130));
  });
}
// Last resort when the process exits without endBench (an uncaught error): no child is left behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
