import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../../electron/cli/index';
import { checkLimitRangeMs, parseCheckLimitMs } from '../../../shared/check-limits';

/** `check`'s options as the grammar parses them (the action is not run); a refusal throws commander's error. */
function checkOptions(args: string[]): Record<string, unknown> {
  const cmd = buildCli().commands.find((c) => c.name() === 'check');
  if (!cmd) throw new Error('no check command');
  cmd.exitOverride().configureOutput({ writeErr: () => undefined });
  cmd.parseOptions(args);
  return cmd.opts();
}

describe('check --probe-timeout / --deadline: the range the environment has (shared/check-limits.ts)', () => {
  it('takes a limit inside the range', () => {
    expect(checkOptions(['--probe-timeout', '2500', '--deadline', '600000'])).toMatchObject({ probeTimeout: 2500, deadline: 600_000 });
  });

  // Before, any positive integer passed: 5 ms made every probe time out, and 3e9 ms overflowed setTimeout
  // (fired after 1 ms), so every probe failed with a limit nobody meant, where the variable was refused.
  it.each(['5', '999', '600001', '3000000000', '1e4', '-1', 'ten'])('refuses %s as bad usage, with the range', (value) => {
    expect(() => checkOptions(['--probe-timeout', value])).toThrow(`from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max}`);
    expect(() => checkOptions(['--deadline', value])).toThrow(`from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max}`);
    expect(parseCheckLimitMs(value).ok).toBe(false);
  });

  it('help names the defaults and the range from the same table', () => {
    const help = buildCli().commands.find((c) => c.name() === 'check')?.helpInformation().replace(/\s+/g, ' ') ?? '';
    expect(help).toContain('timeout of each probe (default 10000, from 1000 to 600000)');
    expect(help).toContain('deadline of the whole run (default 30000, from 1000 to 600000)');
  });

  it('shared/check-limits.ts imports nothing, so the grammar can use it without loading the schema library at start', () => {
    const source = readFileSync(resolve(import.meta.dirname, '../../../shared/check-limits.ts'), 'utf8');
    expect(source.match(/^import .*$/gm) ?? []).toEqual([]);
  });
});
