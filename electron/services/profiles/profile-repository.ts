import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError, type AppErrorData } from '../../../shared/app-error';
import { parseProfileDocument } from '../../../shared/profile-migrations';
import {
  PROFILE_SCHEMA_VERSION,
  SECRET_ROLES,
  findSecretFields,
  firstIssueText,
  profileInputSchema,
  profileNameSchema,
  profileSchema,
  provisioningJournalSchema,
  recheckRunSchema,
  summarizeProfile,
  type Profile,
  type ProfileInput,
  type ProfileSummary,
  type RecheckRun,
  type SecretRole,
} from '../../../shared/profile';
import { appendRecheckRun } from '../../../shared/recheck/history';
import type { StorageCredentials } from '../../../shared/storage-config';
import type { SecretStore } from '../secrets/secret-store';
import { diskFault, onDisk } from '../disk-fault';
import { ensurePrivateDir } from '../private-files';
import { withFileLock } from './file-lock';
import { JsonDocumentFile } from './json-file';

export type ProfileSecrets = Partial<Record<SecretRole, StorageCredentials>>;

export interface ProfileListing {
  profiles: ProfileSummary[];
  /** Files that exist but cannot be read (corrupt, newer version…): shown, never silently dropped. */
  unreadable: { name: string; error: AppErrorData }[];
}

export interface ProfileRepository {
  readonly directory: string;
  list(): Promise<ProfileListing>;
  get(name: string): Promise<Profile>;
  exists(name: string): Promise<boolean>;
  /**
   * Create or update. Secrets go to the keychain first; the profile keeps only their account names.
   * `overwrite: false`: refuse (PROFILE_EXISTS) when the profile exists, before any keychain write.
   */
  save(input: ProfileInput, secrets?: ProfileSecrets, options?: { overwrite?: boolean }): Promise<Profile>;
  /** Write a complete, validated profile as given (import). */
  put(profile: Profile): Promise<Profile>;
  setSecret(name: string, role: SecretRole, credentials: StorageCredentials): Promise<Profile>;
  /** Delete the profile and its keychain entries. With `force`, delete the file even without a keychain. */
  delete(name: string, options?: { force?: boolean }): Promise<{ deletedSecrets: string[]; secretsLeft: boolean }>;
  appendRecheckRun(name: string, run: RecheckRun): Promise<Profile>;
  /** Replace the provisioning journal; undefined removes it (after a rollback). */
  setProvisioningJournal(name: string, journal: Record<string, unknown> | undefined): Promise<Profile>;
}

export interface ProfileRepositoryOptions {
  /** The app data directory; profiles live in <dataDir>/profiles/<name>.json. */
  dataDir: string;
  secrets: SecretStore;
  now?: () => Date;
}

export function validProfileName(name: string): string {
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError({
      code: 'PROFILE_NAME_INVALID',
      message: parsed.error.issues[0]?.message ?? 'Invalid profile name.',
      fix: 'Use a name such as "prod-eu" or "dtr.lab".',
    });
  }
  return parsed.data;
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError({
    code: 'PROFILE_INVALID',
    message: `The ${what} is not valid: ${firstIssueText(parsed.error)}.`,
  });
}

function refuseSecrets(value: unknown, what: string): void {
  const fields = findSecretFields(value);
  if (fields.length > 0) {
    throw new AppError({
      code: 'PROFILE_CONTAINS_SECRETS',
      message: `The ${what} contains secret fields (${fields.slice(0, 5).join(', ')}); secrets are never written to a profile.`,
      fix: 'Pass the keys separately: they are stored in the OS keychain.',
    });
  }
}

export function createProfileRepository(options: ProfileRepositoryOptions): ProfileRepository {
  const directory = join(options.dataDir, 'profiles');
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const fileOf = (name: string) => new JsonDocumentFile(directory, validProfileName(name));

  function read(name: string): Profile | undefined {
    const file = fileOf(name);
    const document = file.read();
    if (document === undefined) return undefined;
    const { profile } = parseProfileDocument(document);
    // The file name is the profile's address (the keychain entries are filed under it): a copied file
    // (cp prod.json prod-backup.json) must never act as, or on, the profile named inside it.
    if (profile.name !== name) {
      throw new AppError({
        code: 'PROFILE_NAME_MISMATCH',
        message: `${file.path} holds the profile "${profile.name}", not "${name}", so it was not used.`,
        fix: `Import it under its file's name (\`dtr-s3-assistant profiles import ${file.path} --name ${name}\` after exporting it), rename the file back to ${profile.name}.json, or delete it with \`profiles delete ${name}\`.`,
      });
    }
    return profile;
  }

  function write(profile: Profile): Profile {
    // Validate the whole document on every write: nothing invalid or secret ever reaches the disk.
    const valid = parseOrThrow(profileSchema, profile, 'profile');
    refuseSecrets(valid, 'profile');
    fileOf(valid.name).write(valid);
    return valid;
  }

  /** Serializes read-modify-write of one profile across processes (see file-lock.ts). */
  function locked<T>(name: string, work: () => T): Promise<T> {
    const base = `${validProfileName(name)}.json`;
    const path = join(directory, base);
    ensurePrivateDir(options.dataDir);
    ensurePrivateDir(directory);
    const leftover = (f: string) => f.startsWith(`${base}.tmp-`) || (f.startsWith(`${base}.`) && f.endsWith('.tmp'));
    return withFileLock(path, () => {
      // Under the lock no other write of this profile runs, so its temporary files are leftovers of a
      // writer that was killed between writing and renaming (the atomic write's temp file).
      for (const f of onDisk(directory, 'list', () => readdirSync(directory)).filter(leftover)) rmSync(join(directory, f), { force: true });
      return work();
    }).catch((error: unknown) => {
      throw diskFault(error, path, 'lock and write');
    });
  }

  function getSync(name: string): Profile {
    const profile = read(name);
    if (!profile) {
      throw new AppError({
        code: 'PROFILE_NOT_FOUND',
        message: `There is no saved profile named "${validProfileName(name)}".`,
        fix: 'List the saved profiles with `dtr-s3-assistant profiles list`, or save one from the wizard.',
      });
    }
    return profile;
  }

  async function get(name: string): Promise<Profile> {
    return getSync(name);
  }

  /** Read, change and write one profile under its lock: a concurrent writer cannot lose this change. */
  function update(name: string, change: (profile: Profile) => Profile): Promise<Profile> {
    return locked(name, () => write({ ...change(getSync(name)), updatedAt: now() }));
  }

  const repository: ProfileRepository = {
    directory,
    async list() {
      let files: string[] = [];
      try {
        files = readdirSync(directory).filter((f) => f.endsWith('.json'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw diskFault(error, directory, 'list');
      }
      const listing: ProfileListing = { profiles: [], unreadable: [] };
      for (const name of files.map((f) => f.slice(0, -'.json'.length)).sort()) {
        if (!profileNameSchema.safeParse(name).success) continue; // not ours (e.g. an editor's backup)
        try {
          const profile = read(name);
          if (profile) listing.profiles.push(summarizeProfile(profile));
        } catch (error) {
          const data: AppErrorData = error instanceof AppError ? error.toData() : { code: 'PROFILE_READ_FAILED', message: 'Unreadable.' };
          listing.unreadable.push({ name, error: data });
        }
      }
      return listing;
    },
    get,
    async exists(name) {
      return read(name) !== undefined;
    },
    async save(input, secrets = {}, { overwrite = true } = {}) {
      refuseSecrets(input, 'profile');
      const fields = parseOrThrow(profileInputSchema, input, 'profile');
      const refuseExisting = () => {
        if (!overwrite && read(fields.name)) {
          throw new AppError({ code: 'PROFILE_EXISTS', message: `A profile named "${fields.name}" already exists.`, fix: 'Confirm that it should be replaced, or save under another name.' });
        }
      };
      refuseExisting();
      // Keychain first: a profile never references an entry that was not written.
      const newRefs: Profile['secretRefs'] = {};
      for (const role of SECRET_ROLES) {
        const credentials = secrets[role];
        if (credentials) newRefs[role] = await options.secrets.setCredentials(fields.name, role, credentials);
      }
      return locked(fields.name, () => {
        refuseExisting(); // again under the lock: another window may have saved it meanwhile
        const existing = read(fields.name);
        const refs = { ...existing?.secretRefs, ...newRefs };
        const stamp = now();
        return write({
          schemaVersion: PROFILE_SCHEMA_VERSION,
          name: fields.name,
          createdAt: existing?.createdAt ?? stamp,
          updatedAt: stamp,
          storage: fields.storage,
          clientTrust: fields.clientTrust ?? existing?.clientTrust ?? { dtrHost: '', mode: 'ca', dtrCaPem: '' },
          ...(fields.iam ?? existing?.iam ? { iam: fields.iam ?? existing?.iam } : {}),
          provisioningJournal: fields.provisioningJournal ?? existing?.provisioningJournal,
          recheckHistory: existing?.recheckHistory ?? [],
          secretRefs: refs,
        });
      });
    },
    async put(profile) {
      return locked(profile.name, () => write(profile));
    },
    async setSecret(name, role, credentials) {
      await get(name);
      const account = await options.secrets.setCredentials(name, role, credentials);
      return update(name, (p) => ({ ...p, secretRefs: { ...p.secretRefs, [role]: account } }));
    },
    async delete(name, { force = false } = {}) {
      // By file name only: the file may be a copy naming another profile, or unreadable; either way its
      // keychain entries are the ones filed under this name, and only this file goes.
      const file = fileOf(name);
      let profile: Profile | undefined;
      try {
        profile = read(name);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      if (!profile && !existsSync(file.path)) await get(name);
      const hasRefs = profile ? Object.values(profile.secretRefs).some(Boolean) : true;
      let deletedSecrets: string[] = [];
      let secretsLeft = false;
      try {
        // Every role, not only the referenced ones: a crash between the keychain write and the
        // profile write can leave an entry without a reference.
        deletedSecrets = await options.secrets.deleteOwner(name);
      } catch (error) {
        // A profile that never referenced a secret can go without a keychain; one that did must not
        // leave its secrets behind unless the user says so.
        if (hasRefs && !force) throw error;
        secretsLeft = hasRefs;
      }
      await locked(name, () => onDisk(file.path, 'delete', () => rmSync(file.path, { force: true })));
      return { deletedSecrets, secretsLeft };
    },
    async appendRecheckRun(name, run) {
      const valid = parseOrThrow(recheckRunSchema, run, 're-check run');
      return update(name, (p) => ({ ...p, recheckHistory: appendRecheckRun(p.recheckHistory, valid) }));
    },
    async setProvisioningJournal(name, journal) {
      if (journal === undefined) return update(name, ({ provisioningJournal: _gone, ...rest }) => rest);
      refuseSecrets(journal, 'provisioning journal');
      const valid = parseOrThrow(provisioningJournalSchema, journal, 'provisioning journal');
      return update(name, (p) => ({ ...p, provisioningJournal: valid }));
    },
  };
  return repository;
}
