import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `bin/rhizome.js` lives. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const rhizomeBin = fileURLToPath(new URL('../../bin/rhizome.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Added to a copy of the environment from which DATABASE_URL and PORT are removed. */
  readonly env?: Record<string, string>;
  /** Written to the process's stdin, which is then closed. */
  readonly input?: string;
}

/** The environment a user would have, minus what would make a test depend on the machine. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env = { ...process.env, ...extra };
  if (extra.DATABASE_URL === undefined) delete env.DATABASE_URL;
  if (extra.PORT === undefined) delete env.PORT;
  delete env.FORCE_COLOR;
  return env;
};

/** Starts `node bin/rhizome.js <args>` exactly as a user's shell would. */
export const spawnCli = (args: readonly string[], options: CliOptions = {}): ChildProcess =>
  spawn(process.execPath, [rhizomeBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });

/** Collects a process's output until it exits. */
export const finished = (child: ChildProcess): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

/** Runs a command to completion. */
export const runCli = (args: readonly string[], options: CliOptions = {}): Promise<CliResult> => {
  const child = spawnCli(args, options);
  const result = finished(child);
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  return result;
};

/**
 * Resolves with the first match of `pattern` in the process's output, or
 * rejects with everything it printed if it exits first.
 */
export const waitForOutput = (child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${seen}`));
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });

/** Sends SIGINT (Ctrl-C) and waits for the process to end. */
export const interrupt = async (child: ChildProcess): Promise<number | null> => {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
};
