import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RemoteInstance {
  readonly url: string;
  /** Resolves once the instance reports at least `count` subscriptions started. */
  subscriptionsStarted(count: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `instance-process.ts` in a child process on `databaseUrl` and waits until it listens. */
export async function startRemoteInstance(databaseUrl: string): Promise<RemoteInstance> {
  const script = new URL('./instance-process.ts', import.meta.url).pathname;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let started = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the instance process exited early (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as { url?: string; subscriptions?: number };
      if (message.url) resolve(message.url);
      if (message.subscriptions !== undefined) {
        started = message.subscriptions;
        for (const waiter of waiters.filter((w) => started >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  return {
    url,
    subscriptionsStarted: (count) =>
      started >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}
