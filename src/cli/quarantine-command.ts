import { Command } from 'commander';
import { addStoreOptions, runCommand, type StoreFlags } from './options.js';
import { withStore } from './with-store.js';

const HELP = `
Prints one JSON line per quarantined delta, oldest first:
  {"id", "peer", "at", "local", "remote"}
"local" is the delta this node keeps (it stays in the log and the views);
"remote" is the other content the peer sent under the same id. A count goes
to stderr. Nothing is changed: a delta is immutable, so resolving a conflict
means the creator emits a new delta under a new id.`;

/** `rhizome quarantine`: the deltas peers sent whose id exists here with other content (docs/design.md §7). */
export const quarantineCommand = (): Command =>
  addStoreOptions(
    new Command('quarantine').description(
      'list deltas from peers that conflict with stored ones (same id, other content)',
    ),
  )
    .addHelpText('after', HELP)
    .action((flags: StoreFlags) =>
      runCommand({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir }, (config) =>
        withStore(config, async (store) => {
          await store.migrate();
          const entries = await store.quarantined();
          for (const { id, peer, at, local, remote } of entries) {
            const line = { id, peer, at: new Date(at).toISOString(), local, remote };
            process.stdout.write(`${JSON.stringify(line)}\n`);
          }
          process.stderr.write(`${entries.length} quarantined delta${entries.length === 1 ? '' : 's'}\n`);
        }),
      ),
    );
