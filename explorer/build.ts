/** `npm run build:explorer` (also run by `postinstall`): bundles the history page into dist/explorer. */
import { buildExplorer, EXPLORER_BUNDLE } from '../src/server/explorer-bundle.js';

await buildExplorer();
console.log(`explorer bundled into ${EXPLORER_BUNDLE}`);
