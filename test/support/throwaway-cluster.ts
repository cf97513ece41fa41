import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ClusterOwner, clusterOwner, findPostgresBinaries } from './postgres-binaries.js';

const run = promisify(execFile);

export interface ThrowawayCluster {
  /** Admin URL (user `postgres`, database `postgres`, trust auth) on 127.0.0.1. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: connections are cut) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /**
   * Kills the server as a crash would (`pg_ctl stop -m immediate`: WAL still in shared memory is
   * lost, so are asynchronous commits not yet written) and starts it again, recovering from the WAL.
   */
  crash(): Promise<void>;
  /** Stops the server, keeping its data, so a test can observe the database being gone. */
  stopServer(): Promise<void>;
  /** Starts a server stopped by `stopServer` again. */
  startServer(): Promise<void>;
  /** Stops the server and deletes everything. Safe to call twice. */
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });

/**
 * Starts a private PostgreSQL cluster from the local binaries in a temp dir,
 * on a random port with its socket inside the temp dir, tuned for tests
 * (no fsync). Used by the global setup when nothing else is configured, and
 * by tests that must stop or restart a server without disturbing the shared one.
 * @example const cluster = await startThrowawayCluster(); afterAll(() => cluster.stop());
 */
export const startThrowawayCluster = async (): Promise<ThrowawayCluster> => {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are not installed.');
  const owner = clusterOwner();
  const root = await mkdtemp(join(tmpdir(), 'rhizome-pg-'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  if (owner) await chown(root, owner.uid, owner.gid);
  const as = (user: ClusterOwner | undefined) => (user ? { uid: user.uid, gid: user.gid } : {});

  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const pgCtl = (...args: string[]) =>
    run(binaries.pgCtl, ['-D', data, ...args], { ...as(owner), cwd: root });
  const explain = async (step: string, cause: unknown) => {
    const tail = await readFile(log, 'utf8').catch(() => '');
    return new Error(`Throwaway PostgreSQL failed to ${step}. ${tail.split('\n').slice(-5).join('\n')}`, {
      cause,
    });
  };

  const startServer = async () => {
    await pgCtl('start', '-w', '-t', '60', '-l', log, '-o', serverOptions).catch(async (cause) => {
      throw await explain('start', cause);
    });
  };
  const stopServer = async () => {
    await pgCtl('stop', '-w', '-t', '60', '-m', 'fast');
  };

  try {
    await run(
      binaries.initdb,
      [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ],
      { ...as(owner), cwd: root },
    );
    await startServer();
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async () => {
      await stopServer();
      await startServer();
    },
    crash: async () => {
      await pgCtl('stop', '-w', '-t', '60', '-m', 'immediate');
      await startServer();
    },
    stopServer,
    startServer,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer().catch(() => {}); // already stopped by the test is fine
      await rm(root, { recursive: true, force: true });
    },
  };
};
