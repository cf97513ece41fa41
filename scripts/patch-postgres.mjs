// Patches postgres.js 3.4.x's write scheduler (run by `postinstall`; idempotent).
//
// Small writes are deferred behind a setImmediate. When the connection drops,
// `closed()`/`terminate()` cancel that immediate but leave `nextWriteTimer`
// set and the half-written `chunk` in place, so (a) later small writes on the
// reconnected connection never get flushed and its queries hang, and (b) a
// flush that still runs finds `socket === null` and throws an uncatchable
// TypeError that kills the process (porsager/postgres#1154, #1208; PRs #1168,
// #1176, #1209, unreleased as of 3.4.9). A Postgres restart under write load
// triggers both; test/feed/delta-feed-restart.test.ts reproduces it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = '/* rhizome: nextWrite guard */';
const locate = () => {
  try {
    // `require` resolves to cjs/src/index.js; the package root is three levels up.
    return dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
  } catch {
    return undefined; // not installed (yet): nothing to patch, and no reason to fail the install
  }
};
const root = locate();
const edits = [
  [
    'function nextWrite(fn) {\n',
    `function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n`,
  ],
  // Both teardown paths: forget the cancelled flush and what it would have sent.
  [
    '    clearImmediate(nextWriteTimer)\n',
    '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n',
  ],
];

for (const file of root === undefined ? [] : ['src/connection.js', 'cjs/src/connection.js']) {
  const path = join(root, file);
  let text = readFileSync(path, 'utf8');
  if (text.includes(MARK)) continue;
  for (const [from, to] of edits) {
    if (!text.includes(from)) {
      console.warn(`patch-postgres: ${file} does not look like postgres.js 3.4.x; left unpatched.`);
      text = null;
      break;
    }
    text = text.replaceAll(from, to);
  }
  if (text !== null) writeFileSync(path, text);
}
