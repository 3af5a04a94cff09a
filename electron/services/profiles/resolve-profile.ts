import { AppError } from '../../../shared/app-error';
import { inFamily } from '../../../shared/error-codes';
import type { ClientTrust, SecretRole } from '../../../shared/profile';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import { createSecretStore, type SecretStore } from '../secrets/secret-store';
import { defaultDataDir } from './data-dir';
import { createProfileRepository, type ProfileRepository } from './profile-repository';

export interface ResolvedProfile {
  config: StorageConfig;
  /** Absent when the profile has no keys for that role: the AWS credential chain applies (instance role…). */
  credentials?: StorageCredentials;
  /** The clients' trust choice saved with the profile (the pull probe models it). */
  clientTrust: ClientTrust;
}

export interface ResolveProfileOptions {
  /** Whose keys: the registry's own key (default; what DTR uses), or the admin's setup keys. */
  role?: SecretRole;
  repository?: ProfileRepository;
  secrets?: SecretStore;
}

/**
 * The CLI's `--profile NAME`: the storage config from the saved profile, the keys from the keychain.
 * A profile that references a key the keychain no longer has is an error, never a silent keyless run.
 */
export async function resolveProfile(name: string, options: ResolveProfileOptions = {}): Promise<ResolvedProfile> {
  const role = options.role ?? 'registry';
  const secrets = options.secrets ?? createSecretStore();
  const repository = options.repository ?? createProfileRepository({ dataDir: defaultDataDir(), secrets });
  const profile = await repository.get(name);
  if (!profile.secretRefs[role]) {
    // No reference, but provisioning may have stored the registry key under this profile's account
    // (the account name is fixed by profile and role). If the keychain cannot be reached, the profile
    // itself names no keys, so none are used.
    const stored = await secrets.getCredentials(profile.name, role).catch((error: unknown) => {
      if (error instanceof AppError && inFamily(error.code, 'KEYCHAIN') && error.code !== 'KEYCHAIN_ENTRY_INVALID') return undefined;
      throw error;
    });
    return stored ? { config: profile.storage, clientTrust: profile.clientTrust, credentials: stored } : { config: profile.storage, clientTrust: profile.clientTrust };
  }
  const credentials = await secrets.getCredentials(profile.name, role);
  if (!credentials) {
    throw new AppError({
      code: 'PROFILE_SECRET_MISSING',
      message: `The profile "${profile.name}" refers to ${role} keys in the keychain, but the keychain has no such entry.`,
      fix: `Enter the keys again: \`dtr-s3-assistant profiles set-keys ${profile.name} --role ${role}\` (reads DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY), or in the app.`,
    });
  }
  return { config: profile.storage, clientTrust: profile.clientTrust, credentials };
}
