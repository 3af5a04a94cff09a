import { createSecretStore, type SecretStore } from '../secrets/secret-store';
import type { RegistryKeySink } from './iam';

/** The registry user's key goes into the OS keychain as the profile's 'registry' credentials. */
export function createKeychainKeySink(store: SecretStore = createSecretStore()): RegistryKeySink {
  return {
    async saveRegistryKey(profile, key) {
      const account = await store.setCredentials(profile, 'registry', key);
      return `the OS keychain (service "${store.service}", account "${account}")`;
    },
    async loadRegistryKey(profile) {
      const credentials = await store.getCredentials(profile, 'registry');
      return credentials ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } : undefined;
    },
    async forgetRegistryKey(profile, accessKeyId) {
      // only if it still holds the key rollback deleted: a newer key entered by hand stays
      const current = await store.getCredentials(profile, 'registry');
      if (current?.accessKeyId === accessKeyId) await store.delete(profile, 'registry');
    },
  };
}
