import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Config } from '../config.js';
import type { Model } from '../model/model.js';
import { describeError, redactUrl } from './describe-error.js';
import { addStoreOptions, parsePort, runCommand } from './options.js';
import { type SchemaWatcher, watchSchema } from './watch-schema.js';

interface ServeFlags {
  readonly port?: number;
  readonly host?: string;
  readonly schema?: string;
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly nodeId?: string;
  readonly watch?: boolean;
  readonly peer?: string[];
  readonly peerToken?: string;
  /** `--sdl FILE`, or false for `--no-sdl`. */
  readonly sdl?: string | false;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The address a person can open: a server bound to loopback or every interface is reached on localhost. */
export const graphiqlAddress = (url: string): string => {
  const address = new URL(url);
  if (['0.0.0.0', '[::]', '::', '127.0.0.1'].includes(address.hostname)) address.hostname = 'localhost';
  if (address.pathname === '/') address.pathname = '/graphql';
  return address.toString();
};

export const serveCommand = (): Command =>
  addStoreOptions(
    new Command('serve')
      .description('start the GraphQL server (GraphiQL, HTTP and WebSocket on one port)')
      .option(
        '-p, --port <port>',
        'port to listen on, 0 for any free port (default: PORT or 4000)',
        parsePort,
      )
      .option(
        '--host <address>',
        'interface to bind; 0.0.0.0 opens it to the network (default: RHIZOME_HOST or 127.0.0.1)',
      )
      .option('--schema <dir>', 'directory of entity declarations (default: RHIZOME_SCHEMA or ./schema)')
      .option(
        '--node-id <id>',
        'this node id, recorded as host on new deltas (default: RHIZOME_NODE_ID or hostname)',
      )
      .option('-w, --watch', 'recompile the schema when a declaration changes, without a restart')
      .option(
        '--peer <ws-url>',
        'follow this peer, e.g. ws://node-a:4000/graphql; repeatable (default: RHIZOME_PEERS)',
        collect,
      )
      .option('--peer-token <token>', 'bearer token sent to peers (default: RHIZOME_PEER_TOKEN)')
      .option(
        '--sdl <file>',
        'with --watch, keep this GraphQL SDL file current (default: schema.graphql beside the schema directory)',
      )
      .option('--no-sdl', 'with --watch, write no SDL file'),
  ).action((flags: ServeFlags) =>
    runCommand(
      {
        port: flags.port,
        host: flags.host,
        schemaDir: flags.schema,
        databaseUrl: flags.databaseUrl,
        dataDir: flags.dataDir,
        nodeId: flags.nodeId,
        peers: flags.peer,
        peerToken: flags.peerToken,
      },
      (config) => serve(config, flags.watch === true, sdlTarget(config.schemaDir, flags.sdl)),
    ),
  );

/** Where `--watch` keeps the SDL: `--sdl FILE`, nowhere for `--no-sdl`, else beside the schema directory. */
const sdlTarget = (schemaDir: string, flag: string | false | undefined): string | undefined => {
  if (flag === false) return undefined;
  return flag ?? join(dirname(resolve(schemaDir)), 'schema.graphql');
};

async function serve(config: Config, watching: boolean, sdlFile: string | undefined): Promise<void> {
  // Loaded here, not at the top: `--help` and flag errors should not wait for the whole server.
  const [{ createApp }, { loadSchemaDir }, { writeSdl }] = await Promise.all([
    import('../server/app.js'),
    import('../model/load-schema-dir.js'),
    import('./write-sdl.js'),
  ]);
  const modelReady = loadSchemaDir(config.schemaDir);
  const app = createApp(config, { model: modelReady });
  const { url } = await app.start();
  const model = await modelReady;
  let watcher: SchemaWatcher | undefined;
  // Like PostGraphile's watch mode: the SDL follows the declarations, so codegen can too.
  const keepSdl = async (next: Model) => {
    if (sdlFile === undefined) return;
    await writeSdl(sdlFile, next).then(
      (written) => written && process.stderr.write(`wrote ${sdlFile}\n`),
      (error) => process.stderr.write(`rhizome: could not write ${sdlFile}: ${describeError(error)}\n`),
    );
  };
  if (watching) {
    await keepSdl(model);
    watcher = await watchSchema(config.schemaDir, {
      load: loadSchemaDir,
      onModel: (next) => {
        app.reloadSchema(next);
        void keepSdl(next);
        const names = next.entities.map((entity) => entity.name).join(', ');
        process.stderr.write(`schema reloaded from ${config.schemaDir}: ${names}\n`);
      },
      onInvalid: (error) => {
        process.stderr.write(`rhizome: ${describeError(error)} (keeping the previous schema)\n`);
      },
    });
  }
  const database = config.databaseUrl
    ? `Postgres at ${redactUrl(config.databaseUrl)}`
    : `embedded database in ${config.dataDir}`;
  process.stdout.write(`Rhizome is running on ${database}\n`);
  if (watching) process.stdout.write(`Watching ${config.schemaDir} for declaration changes\n`);
  process.stdout.write(`GraphiQL: ${graphiqlAddress(url)}\n`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now".
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    // Bounded: the drain waits shutdownTimeoutMs for requests; anything stuck past that and a grace period exits anyway.
    setTimeout(() => {
      process.stderr.write('rhizome: shutdown did not finish in time; exiting\n');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000).unref();
    try {
      await watcher?.close();
      await app.stop();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`rhizome: ${describeError(error)} while stopping\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}
