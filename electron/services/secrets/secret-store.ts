import { AppError } from '../../../shared/app-error';
import {
  KEYCHAIN_SERVICE,
  SECRET_ROLES,
  parseSecretAccountName,
  secretAccountName,
  type SecretRole,
} from '../../../shared/profile';
import { storageCredentialsSchema, type StorageCredentials } from '../../../shared/storage-config';
import { checkRegistryCredentials } from '../../../shared/validation/registry-credentials';
import { keychainError, keychainModuleError, keychainTimeoutError } from './keychain-errors';

/** The part of keytar's API the store uses (the same in keytar 7.9 and @github/keytar 7.10). */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Not a valid owner/role account name, so it never shows up in list(). */
const LOCK_CHECK_ACCOUNT = '@lock-check';

let keytarModule: Promise<KeytarApi> | undefined;

/**
 * keytar is a native module: loading it can fail (missing libsecret, wrong architecture). It is loaded on
 * first use, not at startup, so the app and the CLI still start and can say what is wrong.
 */
export function loadKeytar(): Promise<KeytarApi> {
  keytarModule ??= import('@github/keytar').then(
    (mod) => ((mod as { default?: KeytarApi }).default ?? mod),
    (error: unknown) => {
      keytarModule = undefined; // let a later call retry (e.g. after the user installs libsecret)
      throw keychainModuleError(error);
    },
  );
  return keytarModule;
}

export interface SecretEntry {
  account: string;
  owner: string;
  role: SecretRole;
}

export interface SecretStore {
  readonly service: string;
  set(owner: string, role: SecretRole, secret: string): Promise<string>;
  get(owner: string, role: SecretRole): Promise<string | undefined>;
  delete(owner: string, role: SecretRole): Promise<boolean>;
  /** Every entry of this app's service (accounts only; secrets are not returned). */
  list(): Promise<SecretEntry[]>;
  /** Delete every role of one owner; returns the accounts that were deleted. */
  deleteOwner(owner: string): Promise<string[]>;
  setCredentials(owner: string, role: SecretRole, credentials: StorageCredentials): Promise<string>;
  getCredentials(owner: string, role: SecretRole): Promise<StorageCredentials | undefined>;
}

export interface SecretStoreOptions {
  /** Keychain service name; tests use their own so they never touch the app's entries. */
  service?: string;
  /** Upper bound for one keychain call: a locked keychain may wait forever for a prompt nobody sees. */
  timeoutMs?: number;
}

/**
 * Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
 * Windows): one service name, one account per owner (profile) and role. There is no plaintext fallback.
 */
export function createSecretStore(options: SecretStoreOptions = {}): SecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(action: string, work: (keytar: KeytarApi) => Promise<T>, secret?: string): Promise<T> {
    const keytar = await loadKeytar();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(keychainTimeoutError(action, timeoutMs)), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([work(keytar), timeout]);
    } catch (error) {
      throw keychainError(error, action, secret);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * libsecret answers "nothing there" (null / false) instead of an error when the collection is locked
   * and no unlock prompt can be shown, and keytar's findCredentials even crashes the process (it reads the
   * secret of a locked item: a NULL dereference in keytar_posix.cc, measured with @github/keytar 7.10.6;
   * the same code is in keytar 7.9, reported upstream as atom/node-keytar#477).
   * So on Linux, before trusting an empty answer and before listing, prove the keychain is writable with a
   * throwaway entry; a locked keychain fails that with a real error.
   */
  async function assertUnlocked(action: string): Promise<void> {
    if (process.platform !== 'linux') return;
    await call(action, async (k) => {
      await k.setPassword(service, LOCK_CHECK_ACCOUNT, 'lock-check');
      await k.deletePassword(service, LOCK_CHECK_ACCOUNT);
    });
  }

  const store: SecretStore = {
    service,
    async set(owner, role, secret) {
      if (!secret) throw new AppError({ code: 'SECRET_EMPTY', message: 'An empty secret cannot be stored.' });
      const account = secretAccountName(owner, role);
      await call(`store the ${role} secret of "${owner}" in the keychain`, (k) => k.setPassword(service, account, secret), secret);
      return account;
    },
    async get(owner, role) {
      const account = secretAccountName(owner, role);
      const action = `read the ${role} secret of "${owner}" from the keychain`;
      const value = await call(action, (k) => k.getPassword(service, account));
      if (value === null) await assertUnlocked(action);
      return value ?? undefined;
    },
    async delete(owner, role) {
      const account = secretAccountName(owner, role);
      const action = `delete the ${role} secret of "${owner}" from the keychain`;
      const deleted = await call(action, (k) => k.deletePassword(service, account));
      if (!deleted) await assertUnlocked(action);
      return deleted;
    },
    async list() {
      await assertUnlocked('list the keychain entries');
      const found = await call('list the keychain entries', (k) => k.findCredentials(service));
      return found.flatMap(({ account }) => {
        const parsed = parseSecretAccountName(account);
        return parsed ? [{ account, ...parsed }] : [];
      });
    },
    async deleteOwner(owner) {
      const deleted: string[] = [];
      for (const role of SECRET_ROLES) {
        if (await store.delete(owner, role)) deleted.push(secretAccountName(owner, role));
      }
      return deleted;
    },
    async setCredentials(owner, role, credentials) {
      const valid = storageCredentialsSchema.safeParse(credentials);
      if (!valid.success) {
        throw new AppError({
          code: 'CREDENTIALS_INVALID',
          message: 'Both the access key ID and the secret access key are needed to store credentials.',
        });
      }
      // the registry's key: the shared rule, here too, because every door (IPC, CLI) ends here
      const [temporary] = role === 'registry' ? checkRegistryCredentials(valid.data) : [];
      if (temporary) throw new AppError({ code: temporary.code, message: temporary.message, ...(temporary.fix ? { fix: temporary.fix } : {}) });
      return store.set(owner, role, JSON.stringify(valid.data));
    },
    async getCredentials(owner, role) {
      const text = await store.get(owner, role);
      if (text === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const credentials = storageCredentialsSchema.safeParse(parsed);
      if (!credentials.success) {
        throw new AppError({
          code: 'KEYCHAIN_ENTRY_INVALID',
          message: `The keychain entry "${secretAccountName(owner, role)}" does not hold valid S3 credentials.`,
          fix: 'Enter the access key and secret key again; they replace the entry.',
        });
      }
      return credentials.data;
    },
  };
  return store;
}
