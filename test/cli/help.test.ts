import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('rhizome --help', () => {
  it('lists every command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: rhizome \[options\] \[command\]/);
    for (const command of ['serve', 'migrate', 'schema', 'export', 'import']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it.concurrent.each([
    [['serve'], ['--port', '--schema', '--database-url', '--data-dir', '--node-id', '--watch']],
    [['migrate'], ['--database-url', '--data-dir']],
    [
      ['schema', 'print'],
      ['--schema', '--out'],
    ],
    [['export'], ['--after', '--out', 'last cursor']],
    [['import'], ['[file]', '--batch-size', '--skip', 'idempotent']],
  ])('explains `%s`', async (command, mentions) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: rhizome ${command.join(' ')} [options]`);
    for (const mention of mentions) expect(result.stdout).toContain(mention);
  });

  it('rejects an unknown command with a hint', async () => {
    const result = await runCli(['serv']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'serv'");
    expect(result.stderr).toContain('(Did you mean serve?)');
  });
});
