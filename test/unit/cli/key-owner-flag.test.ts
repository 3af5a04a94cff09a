import { describe, expect, it } from 'vitest';
import { storageConfigSchema } from '../../../shared/storage-config';
import { buildCli } from '../../../electron/cli/index';
import { cliTarget, type ProvisionCommandOptions } from '../../../electron/cli/commands/provision';

const config = storageConfigSchema.parse({ provider: 'aws', region: 'us-east-1', bucket: 'dtr-images' });

/** The keychain owner the CLI's grammar and cliTarget make of these arguments (the action is not run). */
function ownerFrom(command: 'provision' | 'rollback', args: string[]): string {
  const cmd = buildCli().commands.find((c) => c.name() === command);
  if (!cmd) throw new Error(`no ${command} command`);
  cmd.parseOptions(['--config', 'storage.json', ...args]);
  return cliTarget(config, cmd.opts<ProvisionCommandOptions>()).owner;
}

describe('provision/rollback --key-owner (was --profile, which elsewhere names a saved profile)', () => {
  it.each(['provision', 'rollback'] as const)('%s: --key-owner names the owner; the old --profile still works; the bucket is the default', (command) => {
    expect(ownerFrom(command, ['--key-owner', 'prod'])).toBe('prod');
    expect(ownerFrom(command, ['--profile', 'legacy'])).toBe('legacy');
    expect(ownerFrom(command, ['--profile', 'legacy', '--key-owner', 'prod'])).toBe('prod');
    expect(ownerFrom(command, [])).toBe('dtr-images');
  });

  it.each(['provision', 'rollback'] as const)('%s: help shows --key-owner, not the old --profile', (command) => {
    const cmd = buildCli().commands.find((c) => c.name() === command);
    const help = cmd?.helpInformation() ?? '';
    expect(help).toContain('--key-owner <name>');
    expect(help).not.toContain('--profile');
  });
});
