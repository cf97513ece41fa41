import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface PeerNodeOptions {
  readonly nodeId: string;
  readonly port: number;
  /** Postgres URL of this node's own database; or `dataDir` for embedded PGlite. */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly peers?: readonly string[];
  /** Interface to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Command prefix, e.g. ['ip', 'netns', 'exec', 'ns1'] to start the node in a network namespace. */
  readonly prefix?: readonly string[];
}

export interface PeerNode {
  /** The HTTP GraphQL URL others query. */
  readonly url: string;
  /** The WebSocket URL others follow. */
  readonly wsUrl: string;
  /** Runs a GraphQL operation over HTTP and returns `data`, throwing on errors. */
  query<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: no cleanup at all, as a crash. */
  kill(): Promise<void>;
}

/** A port that was free a moment ago, so a restarted node keeps the URL its followers know. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Starts `peer-node-process.ts` and waits until it listens. */
export async function startPeerNode(options: PeerNodeOptions): Promise<PeerNode> {
  const script = new URL('./peer-node-process.ts', import.meta.url).pathname;
  const host = options.host ?? '127.0.0.1';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    RHIZOME_HOST: host,
    RHIZOME_NODE_ID: options.nodeId,
    RHIZOME_PEERS: (options.peers ?? []).join(','),
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.RHIZOME_DATA_DIR = options.dataDir;
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, '--import', 'tsx', script];
  const child: ChildProcess = spawn(command as string, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node ${options.nodeId} exited early (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      // Log lines (LOG_LEVEL set) go to this process's stderr, for debugging.
      if (line.startsWith('{"url"')) resolve();
      else process.stderr.write(`${line}\n`);
    });
  });
  const url = `http://${host}:${options.port}/graphql`;
  return {
    url,
    wsUrl: `ws://${host}:${options.port}/graphql`,
    async query<T>(document: string, variables: Record<string, unknown> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data as T;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
