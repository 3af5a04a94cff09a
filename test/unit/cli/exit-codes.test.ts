import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_EXIT_CODES, EXIT, cliExitCodesMarkdown } from '../../../shared/cli-exit-codes';

/** The CLI's exit codes live in one table: docs/cli.md shows it, and no command returns a bare number. */
const cliDir = join(process.cwd(), 'electron', 'cli');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the CLI exit-code table', () => {
  it('has distinct codes, 0 for success, and EXIT mirrors it', () => {
    const codes = Object.values(CLI_EXIT_CODES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(EXIT).toEqual({ OK: 0, FAILED: 1, USAGE: 2 });
  });

  it('is the table docs/cli.md shows under "Exit codes"', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'cli.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Exit codes'));
    const table = section.split('\n').filter((line) => line.startsWith('|'));
    expect(table.join('\n')).toBe(cliExitCodesMarkdown());
  });

  it('is the only source of exit codes in electron/cli (no bare numbers returned or set)', () => {
    const files = sources(cliDir);
    expect(files.length).toBeGreaterThan(10);
    const bare = /\b(?:return|exitCode\s*=|process\.exit\()\s*[0-9]\b|\?\s*[0-9]\s*:\s*[0-9]\b/;
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file.slice(cliDir.length + 1)}:${i + 1}`, line }))
        .filter(({ line }) => bare.test(line)),
    );
    expect(offenders).toEqual([]);
  });
});
