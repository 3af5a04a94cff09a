import { AppError } from '../../../shared/app-error';
import { EXIT } from '../../../shared/cli-exit-codes';
import { SECRET_ROLES, type SecretRole } from '../../../shared/profile';
import { writeChosenFile } from '../../services/chosen-file';
import { exportProfile, importProfileFile } from '../../services/profiles/profile-transfer';
import type { CliContext } from '../context';
import { formatAppError } from '../validation-output';

export type ProfilesIo = Pick<CliContext, 'stdout' | 'stderr' | 'env' | 'services'>;

/** Every profiles failure is a usage/config problem (exit 2): a missing profile, a locked keychain… */
function fail(io: ProfilesIo, error: unknown): number {
  if (!(error instanceof AppError)) throw error;
  io.stderr(formatAppError(error));
  return EXIT.USAGE;
}

async function guarded(io: ProfilesIo, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return EXIT.OK;
  } catch (error) {
    return fail(io, error);
  }
}

export async function runProfilesList(options: { json?: boolean }, io: ProfilesIo): Promise<number> {
  return guarded(io, async () => {
    const listing = await (await io.services()).profiles.list();
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

export async function runProfilesExport(name: string, options: { out?: string }, io: ProfilesIo): Promise<number> {
  return guarded(io, async () => {
    const json = await exportProfile((await io.services()).profiles, name);
    if (options.out) await writeChosenFile(options.out, json);
    else io.stdout(json);
  });
}

export async function runProfilesImport(
  file: string,
  options: { name?: string; overwrite?: boolean },
  io: ProfilesIo,
): Promise<number> {
  return guarded(io, async () => {
    const { profile, migrations, notices } = await importProfileFile((await io.services()).profiles, file, options);
    for (const notice of notices) io.stderr(`note: ${notice}\n`);
    io.stdout(`Imported profile "${profile.name}"${migrations.length ? ` (upgraded: ${migrations.join('; ')})` : ''}. Enter its keys with \`profiles set-keys ${profile.name}\`.\n`);
  });
}

export async function runProfilesDelete(name: string, options: { force?: boolean }, io: ProfilesIo): Promise<number> {
  return guarded(io, async () => {
    const { deletedSecrets, secretsLeft } = await (await io.services()).profiles.delete(name, options);
    io.stdout(`Deleted profile "${name}"${deletedSecrets.length ? ` and its keychain entries (${deletedSecrets.join(', ')})` : ''}.\n`);
    if (secretsLeft) io.stderr('warning: the keychain could not be reached; its entries for this profile are still there.\n');
  });
}

/** Keys come from the environment only: never from argv (visible in `ps` and shell history). */
export async function runProfilesSetKeys(name: string, options: { role: SecretRole }, io: ProfilesIo): Promise<number> {
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
    const profile = await (await io.services()).profiles.setSecret(name, options.role, { accessKeyId, secretAccessKey });
    io.stdout(`Stored the ${options.role} keys of "${name}" in the OS keychain (${profile.secretRefs[options.role]}).\n`);
  });
}
