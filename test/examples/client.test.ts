import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { withServer } from '../support/graphql-http.js';
import { repoRoot } from '../support/run-cli.js';

// The typed example client: `npm test` type-checks it (tsconfig includes examples/);
// here it must be generated from the committed schema.graphql and work against a real server.

const run = promisify(execFile);
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
const db = useTestDatabase();

describe('examples/client', () => {
  it('is generated from the committed schema.graphql (npm run schema:print && npm run codegen)', async () => {
    // --check regenerates in memory and fails when a committed file differs.
    const result = await run(bin('graphql-codegen'), ['--config', 'codegen.ts', '--check'], {
      cwd: repoRoot,
    });
    expect(result.stdout + result.stderr).not.toContain('stale');
  }, 60_000);

  it('runs a typed mutation, subscription and query against the server', async () => {
    const output = await withServer(db.url, async (url) => {
      const { stdout } = await run(bin('tsx'), ['examples/client/main.ts'], {
        cwd: repoRoot,
        env: { ...process.env, RHIZOME_URL: url },
      });
      return stdout;
    });
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^created \S+: Ada Lovelace \(36\)$/);
    expect(lines.slice(1)).toEqual([
      'personChanged: Ada Lovelace is now "Ada"',
      'person: Ada Lovelace "Ada", age 36, tags mathematician, writer',
      'name was set by 1 delta(s), first by anonymous',
      'trusting anonymous: Ada Lovelace; trusting mallory: nobody',
    ]);
  }, 60_000);
});
