import { createSecretStore, type SecretStore } from '../secrets/secret-store';
import type { RegistryKeySink } from './iam';

/** The registry user's key goes into the OS keychain as the owner's 'registry' credentials (a profile's, or the wizard draft's). */
export function createKeychainKeySink(store: SecretStore = createSecretStore()): RegistryKeySink {
  return {
    async saveRegistryKey(owner, key) {
      const account = await store.setCredentials(owner, 'registry', key);
      return `the OS keychain (service "${store.service}", account "${account}")`;
    },
    async loadRegistryKey(owner) {
      const credentials = await store.getCredentials(owner, 'registry');
      return credentials ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } : undefined;
    },
    async forgetRegistryKey(owner, accessKeyId) {
      // only if it still holds the key rollback deleted: a newer key entered by hand stays
      const current = await store.getCredentials(owner, 'registry');
      if (current?.accessKeyId === accessKeyId) await store.delete(owner, 'registry');
    },
  };
}
