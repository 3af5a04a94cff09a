import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { AppError } from '../../../shared/app-error';
import { SECRET_ROLES, type SecretRole } from '../../../shared/profile';
import { createProfileServices, type ProfileServices } from '../../services/profiles';
import { exportProfile, importProfile } from '../../services/profiles/profile-transfer';
import { formatAppError } from '../validation-output';

export interface ProfilesIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  services(): ProfileServices;
}

const processIo = (): ProfilesIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  services: () => createProfileServices(),
});

/** Every profiles failure is a usage/config problem (exit 2): a missing profile, a locked keychain… */
function fail(io: ProfilesIo, error: unknown): number {
  if (!(error instanceof AppError)) throw error;
  io.stderr(formatAppError(error));
  return 2;
}

async function guarded(io: ProfilesIo, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    return fail(io, error);
  }
}

export async function runProfilesList(options: { json?: boolean }, io: ProfilesIo = processIo()): Promise<number> {
  return guarded(io, async () => {
    const listing = await io.services().profiles.list();
    if (options.json) {
      io.stdout(`${JSON.stringify(listing, null, 2)}\n`);
      return;
    }
    if (listing.profiles.length === 0 && listing.unreadable.length === 0) {
      io.stdout('No saved profiles. Save one from the wizard, or `dtr-s3-assistant profiles import FILE`.\n');
      return;
    }
    const rows = listing.profiles.map((p) => [
      p.name,
      p.provider,
      p.bucket,
      p.regionendpoint || p.region,
      p.lastRecheck ? `${p.lastRecheck.status} ${p.lastRecheck.startedAt}` : 'never',
      SECRET_ROLES.filter((role) => p.hasSecrets[role]).join(',') || '-',
    ]);
    const table = [['NAME', 'PROVIDER', 'BUCKET', 'REGION/ENDPOINT', 'LAST CHECK', 'KEYS'], ...rows];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) io.stdout(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    for (const { name, error } of listing.unreadable) io.stderr(`unreadable ${name}: ${error.code}: ${error.message}\n`);
  });
}

export async function runProfilesExport(name: string, options: { out?: string }, io: ProfilesIo = processIo()): Promise<number> {
  return guarded(io, async () => {
    const json = await exportProfile(io.services().profiles, name);
    if (options.out) await writeFile(options.out, json, { mode: 0o600 });
    else io.stdout(json);
  });
}

export async function runProfilesImport(
  file: string,
  options: { name?: string; overwrite?: boolean },
  io: ProfilesIo = processIo(),
): Promise<number> {
  return guarded(io, async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AppError({ code: 'IMPORT_UNREADABLE', message: `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
    }
    const { profile, migrations, notices } = await importProfile(io.services().profiles, text, options);
    for (const notice of notices) io.stderr(`note: ${notice}\n`);
    io.stdout(`Imported profile "${profile.name}"${migrations.length ? ` (upgraded: ${migrations.join('; ')})` : ''}. Enter its keys with \`profiles set-keys ${profile.name}\`.\n`);
  });
}

export async function runProfilesDelete(name: string, options: { force?: boolean }, io: ProfilesIo = processIo()): Promise<number> {
  return guarded(io, async () => {
    const { deletedSecrets, secretsLeft } = await io.services().profiles.delete(name, options);
    io.stdout(`Deleted profile "${name}"${deletedSecrets.length ? ` and its keychain entries (${deletedSecrets.join(', ')})` : ''}.\n`);
    if (secretsLeft) io.stderr('warning: the keychain could not be reached; its entries for this profile are still there.\n');
  });
}

/** Keys come from the environment only: never from argv (visible in `ps` and shell history). */
export async function runProfilesSetKeys(name: string, options: { role: SecretRole }, io: ProfilesIo = processIo()): Promise<number> {
  return guarded(io, async () => {
    const accessKeyId = io.env.DTR_S3_ACCESS_KEY ?? '';
    const secretAccessKey = io.env.DTR_S3_SECRET_KEY ?? '';
    if (!accessKeyId || !secretAccessKey) {
      throw new AppError({
        code: 'CREDENTIALS_MISSING',
        message: 'set-keys reads the keys from DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY, and at least one is empty.',
        fix: 'Set both variables in the environment of this command.',
      });
    }
    const profile = await io.services().profiles.setSecret(name, options.role, { accessKeyId, secretAccessKey });
    io.stdout(`Stored the ${options.role} keys of "${name}" in the OS keychain (${profile.secretRefs[options.role]}).\n`);
  });
}

export function registerProfilesCommand(program: Command): void {
  const profiles = program.command('profiles').description('Saved profiles: storage config and trust choices; keys live in the OS keychain.');
  profiles
    .command('list')
    .description('List the saved profiles.')
    .option('--json', 'print the listing as JSON', false)
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await runProfilesList(options);
    });
  profiles
    .command('export <name>')
    .description('Write a profile as JSON, without secrets.')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (name: string, options: { out?: string }) => {
      process.exitCode = await runProfilesExport(name, options);
    });
  profiles
    .command('import <file>')
    .description('Import a profile exported by this app (any earlier version).')
    .option('--name <name>', 'save it under another name')
    .option('--overwrite', 'replace an existing profile of the same name', false)
    .action(async (file: string, options: { name?: string; overwrite?: boolean }) => {
      process.exitCode = await runProfilesImport(file, options);
    });
  profiles
    .command('delete <name>')
    .description('Delete a profile and its keychain entries.')
    .option('--force', 'delete the profile even when the keychain cannot be reached', false)
    .action(async (name: string, options: { force?: boolean }) => {
      process.exitCode = await runProfilesDelete(name, options);
    });
  profiles
    .command('set-keys <name>')
    .description('Store keys for a profile in the OS keychain, from DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY.')
    .addOption(new Option('--role <role>', 'whose keys').choices(SECRET_ROLES).default('registry'))
    .action(async (name: string, options: { role: SecretRole }) => {
      process.exitCode = await runProfilesSetKeys(name, options);
    });
}
