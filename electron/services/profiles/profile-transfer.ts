import { AppError } from '../../../shared/app-error';
import { MAX_PROFILE_JSON } from '../../../shared/channels/profiles';
import { parseProfileDocument } from '../../../shared/profile-migrations';
import { PROFILE_EXPORT_FORMAT, findSecretFields, type Profile } from '../../../shared/profile';
import { validateStorageConfig } from '../../../shared/validation';
import { readBoundedFile } from '../private-files';
import type { ProfileRepository } from './profile-repository';

/**
 * A profile as a portable JSON file: the profile document inside a small envelope, with its keychain
 * references removed (they name entries in *this* machine's keychain) and never a secret.
 */
export function profileToExportJson(profile: Profile): string {
  const { secretRefs: _refs, ...portable } = profile;
  const envelope = { format: PROFILE_EXPORT_FORMAT, exportedAt: new Date().toISOString(), profile: { ...portable, secretRefs: {} } };
  // Belt and braces: the schema already forbids secrets; refuse to emit one if that ever changes.
  if (findSecretFields(envelope).length > 0) {
    throw new AppError({ code: 'EXPORT_CONTAINS_SECRETS', message: 'Refusing to export: the profile contains secret fields.' });
  }
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

export async function exportProfile(repository: ProfileRepository, name: string): Promise<string> {
  return profileToExportJson(await repository.get(name));
}

export interface ImportOptions {
  /** Save under another name (e.g. when the name is taken). */
  name?: string;
  /** Replace an existing profile of that name. */
  overwrite?: boolean;
}

/**
 * `profiles import FILE`: read the file (a regular file of at most MAX_PROFILE_JSON bytes, as over IPC: a
 * device, pipe or huge file is refused at once instead of read without end), then import it.
 */
export async function importProfileFile(repository: ProfileRepository, path: string, options: ImportOptions = {}): ReturnType<typeof importProfile> {
  const read = readBoundedFile(path, MAX_PROFILE_JSON, 'exported profile');
  if ('missing' in read) {
    throw new AppError({ code: 'IMPORT_UNREADABLE', message: `Cannot read ${path}: there is no such file.`, fix: 'Check the path of the exported profile.', cause: 'ENOENT' });
  }
  return importProfile(repository, read.text, options);
}

/** Read an exported profile (any shipped schema version), refuse secrets, and save it. */
export async function importProfile(
  repository: ProfileRepository,
  jsonText: string,
  options: ImportOptions = {},
): Promise<{ profile: Profile; fromVersion: number; migrations: string[]; notices: string[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch {
    throw new AppError({
      code: 'IMPORT_NOT_JSON',
      message: 'The file is not valid JSON.',
      fix: 'Choose a profile file that was written by "Export profile".',
    });
  }
  const envelope = raw as { format?: unknown; profile?: unknown } | null;
  if (!envelope || typeof envelope !== 'object' || envelope.format !== PROFILE_EXPORT_FORMAT || !envelope.profile) {
    throw new AppError({
      code: 'IMPORT_NOT_A_PROFILE',
      message: `The file is not an exported profile (its "format" is not "${PROFILE_EXPORT_FORMAT}").`,
      fix: 'Choose a profile file that was written by "Export profile".',
    });
  }
  const renamed =
    options.name && typeof envelope.profile === 'object' ? { ...envelope.profile, name: options.name } : envelope.profile;
  const { profile: parsed, fromVersion, applied } = parseProfileDocument(renamed);
  const invalid = validateStorageConfig(parsed.storage).errors[0];
  if (invalid) {
    throw new AppError({
      code: 'PROFILE_INVALID',
      message: `The profile's storage config is not valid: ${invalid.field}: ${invalid.code}: ${invalid.message}`,
      ...(invalid.fix ? { fix: invalid.fix } : {}),
    });
  }
  // A journal lists what ANOTHER installation created: rollback here must never act on it (it would
  // delete a bucket, keys or a user this installation never made), so it is not imported.
  const { provisioningJournal, ...profile } = parsed;
  const notices = provisioningJournal
    ? ['The provisioning journal in the file was left out: it lists what another installation created, and rollback here acts only on what this installation created.']
    : [];
  const existing = (await repository.exists(profile.name)) ? await repository.get(profile.name) : undefined;
  if (existing && !options.overwrite) {
    throw new AppError({
      code: 'PROFILE_EXISTS',
      message: `A profile named "${profile.name}" already exists.`,
      fix: 'Import it under another name, or choose to replace the existing profile.',
    });
  }
  // Replacing a profile keeps this machine's keychain references of that name; a new one has none.
  const saved = await repository.put({
    ...profile,
    updatedAt: new Date().toISOString(),
    secretRefs: existing?.secretRefs ?? {},
    // What this installation created for the replaced profile stays known, so it can still be rolled back.
    ...(existing?.provisioningJournal ? { provisioningJournal: existing.provisioningJournal } : {}),
  });
  return { profile: saved, fromVersion, migrations: applied, notices };
}
