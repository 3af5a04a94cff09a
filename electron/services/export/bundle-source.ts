import type { ClientTrustMode } from '../../../shared/profile';
import type { StorageConfig, StorageCredentials } from '../../../shared/storage-config';
import type { ProfileRepository } from '../profiles/profile-repository';
import { resolveProfile } from '../profiles/resolve-profile';
import type { SecretStore } from '../secrets/secret-store';
import type { BundleInput } from './bundle-content';

export interface TrustOverrides {
  dtrHost?: string;
  trustMode?: ClientTrustMode;
  dtrCaPem?: string;
}

/**
 * The bundle's input from a saved profile: its storage config and client-trust choice, overridden by
 * what the caller passes. The keychain is read only when secrets are explicitly asked for.
 */
export async function bundleInputFromProfile(
  services: { profiles: ProfileRepository; secrets: SecretStore },
  name: string,
  options: TrustOverrides & { includeSecrets?: boolean; /** keys to sign with (client probe), never written */ needKeys?: boolean },
): Promise<BundleInput> {
  const profile = await services.profiles.get(name);
  let credentials: StorageCredentials | undefined;
  if (options.includeSecrets || options.needKeys) {
    ({ credentials } = await resolveProfile(name, { repository: services.profiles, secrets: services.secrets }));
  }
  const trust = profile.clientTrust;
  return {
    config: profile.storage,
    credentials,
    includeSecrets: options.includeSecrets === true,
    clientTrust: {
      dtrHost: options.dtrHost ?? trust.dtrHost,
      mode: options.trustMode ?? trust.mode,
      dtrCaPem: options.dtrCaPem ?? trust.dtrCaPem,
      // The saved override was for that host and CA: another host or CA from the caller voids it.
      ...(trust.dtrCaUnverified && options.dtrHost === undefined && options.dtrCaPem === undefined ? { dtrCaUnverified: true } : {}),
    },
    // The IAM step's choices, saved with the profile: the same policy and server commands the wizard showed.
    ...(profile.iam ? { storageServer: profile.iam.server, policyFlavor: profile.iam.policyFlavor, scopeToRoot: profile.iam.scopeToRoot } : {}),
    source: `profile "${profile.name}"`,
  };
}

/** The bundle's input from a validated config (a --config file); client trust only from the caller. */
export function bundleInputFromConfig(
  config: StorageConfig,
  source: string,
  options: TrustOverrides & { includeSecrets?: boolean; credentials?: StorageCredentials },
): BundleInput {
  return {
    config,
    credentials: options.credentials,
    includeSecrets: options.includeSecrets === true,
    clientTrust: { dtrHost: options.dtrHost ?? '', mode: options.trustMode ?? 'ca', dtrCaPem: options.dtrCaPem ?? '' },
    source,
  };
}
