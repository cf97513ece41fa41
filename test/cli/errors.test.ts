import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { type CliResult, runCli } from '../support/run-cli.js';

const db = useTestDatabase();
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
// Nothing listens on port 1; connecting is refused at once.
const unreachable = 'postgres://postgres:secret@127.0.0.1:1/rhizome';

let blocker: Server;
let busyPort: number;

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
  const address = blocker.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  busyPort = address.port;
});

afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
});

/** The user sees exactly one line on stderr and a failing exit code. */
const oneLineFailure = (result: CliResult): string => {
  expect(result.code).toBe(1);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  return result.stderr.trimEnd();
};

describe('CLI errors are one clear line and a non-zero exit', () => {
  it('serve on a busy port', async () => {
    const result = await runCli(['serve', '--port', String(busyPort), '--database-url', db.url]);
    expect(oneLineFailure(result)).toBe(
      `rhizome: port ${busyPort} is already in use (EADDRINUSE); stop the other process or choose another with --port`,
    );
  });

  it('serve with an unreachable database, without showing its password', async () => {
    const result = await runCli(['serve', '--port', '0', '--database-url', unreachable]);
    expect(oneLineFailure(result)).toBe(
      'rhizome: cannot reach the database at postgres://postgres:***@127.0.0.1:1/rhizome (ECONNREFUSED); check --database-url / DATABASE_URL and that Postgres is running',
    );
  });

  it('serve with DATABASE_URL naming a database that does not exist', async () => {
    const missing = new URL(db.url);
    missing.pathname = '/no_such_database_here';
    const result = await runCli(['serve', '--port', '0'], { env: { DATABASE_URL: missing.toString() } });
    expect(oneLineFailure(result)).toMatch(
      /^rhizome: cannot use the database at .*\/no_such_database_here: database "no_such_database_here" does not exist \(3D000\)$/,
    );
  });

  it('serve with an invalid schema names the file and the property', async () => {
    const dir = fixture('invalid-schema');
    const result = await runCli(['serve', '--port', '0', '--schema', dir, '--database-url', db.url]);
    expect(oneLineFailure(result)).toBe(
      `rhizome: SCHEMA_INVALID: ${dir}/gadget.json: Gadget.size: unknown type "Dimension"; use one of String, Int, Float, Boolean, ID, DateTime, JSON, Gadget, or [T] for a list`,
    );
  });

  it('serve with a schema directory that does not exist', async () => {
    const result = await runCli(['serve', '--schema', '/no/such/dir', '--database-url', db.url]);
    expect(oneLineFailure(result)).toMatch(
      /^rhizome: SCHEMA_INVALID: \/no\/such\/dir: the schema directory does not exist/,
    );
  });

  it('schema print with an invalid schema', async () => {
    const result = await runCli(['schema', 'print', '--schema', fixture('invalid-schema')]);
    expect(oneLineFailure(result)).toMatch(
      /^rhizome: SCHEMA_INVALID: .*gadget\.json: Gadget\.size: unknown type/,
    );
    expect(result.stdout).toBe('');
  });

  it('import of a bad line names the line and stores nothing of its batch', async () => {
    const result = await runCli(['import', fixture('bad-line.ndjson'), '--database-url', db.url]);
    expect(oneLineFailure(result)).toBe(
      'rhizome: line 3: Delta ("fixture-3"), pointer 0: unknown field "colour"; a pointer has only localContext, target and targetContext. Remove it. (nothing stored by this run)',
    );
    const exported = await runCli(['export', '--database-url', db.url]);
    expect(exported.stdout).toBe('');
  });

  it('import of a file that does not exist', async () => {
    const result = await runCli(['import', '/no/such/file.ndjson', '--database-url', db.url]);
    expect(oneLineFailure(result)).toBe(
      "rhizome: ENOENT: no such file or directory, open '/no/such/file.ndjson'",
    );
  });

  it('export after a cursor Rhizome did not issue', async () => {
    const result = await runCli(['export', '--after', 'not-a-cursor', '--database-url', db.url]);
    expect(oneLineFailure(result)).toBe(
      'rhizome: BAD_USER_INPUT: This cursor is not one Rhizome issued; pass a cursor from the feed as is.',
    );
  });

  it('migrate with an unreachable database', async () => {
    const result = await runCli(['migrate', '--database-url', unreachable]);
    expect(oneLineFailure(result)).toContain('cannot reach the database');
  });

  it('a bad environment variable, before any database work', async () => {
    const result = await runCli(['migrate', '--database-url', unreachable], {
      env: { RHIZOME_MAX_DEPTH: 'deep' },
    });
    expect(oneLineFailure(result)).toBe(
      'rhizome: RHIZOME_MAX_DEPTH must be a non-negative integer, got "deep"',
    );
  });

  it('a port that is not a number', async () => {
    const result = await runCli(['serve', '--port', 'eighty']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: option '-p, --port <port>' argument 'eighty' is invalid. expected a port number between 0 and 65535.",
    );
  });
});
