import { AppError } from '../../shared/app-error';
import type { SecretRole } from '../../shared/profile';
import type { StorageCredentials } from '../../shared/storage-config';
import type { ProfileServices } from '../services/profiles';

/** A role's keys from the keychain; a clear error when none are stored (the wizard asks for them). */
export async function keysOf(services: ProfileServices, owner: string, role: SecretRole): Promise<StorageCredentials> {
  const credentials = await services.secrets.getCredentials(owner, role);
  if (credentials) return credentials;
  throw new AppError({
    code: 'KEYS_MISSING',
    message: `No ${role === 'registry' ? "registry" : 'setup'} keys are stored in the keychain for this setup.`,
    fix: role === 'registry' ? 'Enter the registry\'s access key and secret key on the IAM step.' : 'Enter the setup keys on the Target step.',
  });
}
