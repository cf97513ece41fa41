import { Command } from 'commander';
import type { Config } from '../config.js';
import type { DeltaStore } from '../store/delta-store.js';
import { redactUrl } from './describe-error.js';
import { addStoreOptions, runCommand, type StoreFlags } from './options.js';
import { type ServerStatus, serverStatus } from './server-status.js';
import { withStore } from './with-store.js';

interface StatusFlags extends StoreFlags {
  readonly json?: boolean;
  readonly server?: string;
}

/** What `rhizome status --json` prints (docs/design.md §12). */
export interface Status {
  readonly database: { readonly where: string; readonly reachable: boolean };
  readonly migrations: { readonly applied: number; readonly pending: readonly string[] };
  /** The newest feed position, its cursor, and how many deltas are stored; null before migrating. */
  readonly head: {
    readonly position: string | null;
    readonly cursor: string | null;
    readonly deltas: number;
  } | null;
  /** Committed deltas held back from the feed by an older open transaction. */
  readonly heldBack: boolean;
  readonly projections: readonly {
    readonly type: string;
    readonly ready: boolean;
    readonly members: number;
    /** Feed positions between the head and the projection's checkpoint. */
    readonly lagPositions: number;
  }[];
  readonly peers: readonly { readonly url: string; readonly cursor: string; readonly updatedAt: string }[];
  /** With `--server`: the running server's own view (readiness, feed lag, live peers). */
  readonly server?: ServerStatus;
}

const HELP = `
Reads the database (nothing is changed): migrations, the feed's head, the
projections' checkpoints and the stored peer cursors. A server's feed lag
and live peer figures live in that server: add --server URL to ask it
(its /ready and /metrics). --json prints one JSON object.`;

export const statusCommand = (): Command =>
  addStoreOptions(
    new Command('status')
      .description('show the database, feed head, projections and peers (read-only)')
      .option('--json', 'print one JSON object')
      .option('--server <url>', 'also ask this running server, e.g. http://localhost:4000/graphql'),
  )
    .addHelpText('after', HELP)
    .action((flags: StatusFlags) =>
      runCommand({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }, async (config) => {
        const status = await withStore(config, (store) => readStatus(store, config));
        const full = flags.server ? { ...status, server: await serverStatus(flags.server) } : status;
        process.stdout.write(flags.json ? `${JSON.stringify(full)}\n` : describeStatus(full));
      }),
    );

async function readStatus(store: DeltaStore, config: Config): Promise<Status> {
  const { encodeCursor } = await import('../store/feed-cursor.js');
  const where = config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded database in ${config.dataDir}`;
  const reachable = await store.ping();
  const migrations = (await store.migrations?.()) ?? [];
  const pending = migrations.filter((m) => !m.applied).map((m) => m.tag);
  const base = {
    database: { where, reachable },
    migrations: { applied: migrations.length - pending.length, pending },
  };
  if (pending.length === migrations.length) {
    return { ...base, head: null, heldBack: false, projections: [], peers: [] };
  }
  const [head, deltas, checkpoints, peers] = await Promise.all([
    store.head(),
    store.count(),
    store.projections?.checkpoints() ?? [],
    store.peerCursors?.() ?? [],
  ]);
  const heldBack = (await store.heldBack?.(head)) ?? false;
  const headPosition = head?.position ?? 0n;
  return {
    ...base,
    head: {
      position: head ? head.position.toString() : null,
      cursor: head ? encodeCursor(head) : null,
      deltas,
    },
    heldBack,
    projections: checkpoints.map((checkpoint) => ({
      type: checkpoint.typeName,
      ready: checkpoint.ready,
      members: checkpoint.members,
      lagPositions: Math.max(0, Number(headPosition - checkpoint.cursor.position)),
    })),
    peers: peers.map((peer) => ({
      url: peer.peer,
      cursor: peer.cursor,
      updatedAt: new Date(peer.updatedAt).toISOString(),
    })),
  };
}

function describeStatus(status: Status): string {
  const lines = [
    `database:    ${status.database.where} (${status.database.reachable ? 'reachable' : 'unreachable'})`,
    `migrations:  ${status.migrations.applied} applied, ${
      status.migrations.pending.length === 0
        ? 'none pending'
        : `pending: ${status.migrations.pending.join(', ')}`
    }`,
  ];
  if (status.head === null) {
    lines.push('head:        no tables yet (run rhizome migrate)');
  } else {
    lines.push(
      `head:        ${status.head.deltas} deltas; position ${status.head.position ?? '-'}, cursor ${status.head.cursor ?? '-'}${
        status.heldBack ? ' (more held back by an open transaction)' : ''
      }`,
    );
  }
  lines.push(`projections: ${status.projections.length === 0 ? 'none' : ''}`);
  for (const p of status.projections) {
    lines.push(
      `  ${p.type}: ${p.ready ? 'ready' : 'building'}, ${p.members} members, ${p.lagPositions} positions behind`,
    );
  }
  lines.push(`peers:       ${status.peers.length === 0 ? 'none followed' : ''}`);
  for (const peer of status.peers)
    lines.push(`  ${peer.url}: cursor ${peer.cursor}, last batch ${peer.updatedAt}`);
  if (status.server) {
    const s = status.server;
    lines.push(
      `server:      ${s.url}: ${s.ready ? 'ready' : 'not ready'}; feed ${s.feedHealthy ? 'healthy' : 'unhealthy'}, ${
        s.feedLagPositions ?? '?'
      } positions behind${s.stopping ? '; stopping' : ''}`,
    );
    for (const peer of s.peers) {
      lines.push(
        `  ${peer.url}: ${peer.connected ? 'connected' : 'not connected'}, lag ${peer.lagMs ?? '?'} ms`,
      );
    }
  }
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}
