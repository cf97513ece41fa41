/** `npm run bench`: every benchmark in turn, each in its own process so none skews the next. */
import { spawnSync } from 'node:child_process';

const benches = ['ingest', 'views', 'api', 'ops', 'fanout', 'import', 'scale'];
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench:${name} ===`);
  const run = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
