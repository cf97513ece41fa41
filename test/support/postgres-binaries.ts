import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

/** The OS user a cluster runs as: Postgres refuses to run as root, so root hands it to `postgres`. */
export interface ClusterOwner {
  readonly uid: number;
  readonly gid: number;
}

const inDir = (dir: string): PostgresBinaries | undefined => {
  const initdb = join(dir, 'initdb');
  const pgCtl = join(dir, 'pg_ctl');
  return existsSync(initdb) && existsSync(pgCtl) ? { initdb, pgCtl } : undefined;
};

const versionDirs = (): string[] => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
};

/** `initdb` and `pg_ctl` from PATH, else from the newest `/usr/lib/postgresql/<version>/bin`; undefined when absent. */
export const findPostgresBinaries = (): PostgresBinaries | undefined => {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...onPath, ...versionDirs()]) {
    const found = inDir(dir);
    if (found) return found;
  }
  return undefined;
};

/** Undefined when not root (run as ourselves); the `postgres` user when root; throws when root has no such user. */
export const clusterOwner = (): ClusterOwner | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch (cause) {
    throw new Error('Running as root, PostgreSQL needs a "postgres" OS user to own the throwaway cluster.', {
      cause,
    });
  }
};
