import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AppError, type AppErrorData } from '../../../shared/app-error';
import {
  SECRET_ROLES,
  WIZARD_DRAFT_OWNER,
  findSecretFields,
  firstIssueText,
  wizardStateSchema,
  type Profile,
  type SecretRole,
  type WizardState,
  type WizardStateInput,
} from '../../../shared/profile';
import type { StorageCredentials } from '../../../shared/storage-config';
import { parseWizardStateDocument } from '../../../shared/wizard/state-file';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileRepository } from './profile-repository';
import type { WizardCheckRecord } from './wizard-check-run';
import { onDisk } from '../disk-fault';
import { JsonDocumentFile } from './json-file';

/** That the keychain holds a role's key, named by its access key ID: the secret itself stays there. */
export interface StoredKey {
  accessKeyId: string;
  stored: boolean;
}

export interface ResumedWizard {
  state?: WizardState;
  /** The draft's keys in the keychain, by role (a continued profile's are copied into the draft first). */
  keys: Partial<Record<SecretRole, StoredKey>>;
  /** Saves must carry it: a clear starts a new session, so a page that loaded before the clear cannot write its old state back. */
  session: string;
  /** Why nothing could be resumed, or why a secret could not be read back (keychain locked…). */
  problems: AppErrorData[];
}

export interface WizardStateStore {
  readonly path: string;
  /**
   * Cheap enough to call on every keystroke: validates in memory and schedules one write after
   * `debounceMs` of quiet, and at least every `maxWaitMs` while typing goes on, so a crash loses at most
   * about a second of typing.
   */
  save(state: WizardStateInput, session?: string): void;
  /** Write a pending state now (call on quit, before a step change, and in tests). */
  flush(): void;
  /** Write what is pending, then refuse further saves: the owner (a harness, a window) is going away. */
  dispose(): void;
  load(): Promise<ResumedWizard>;
  /** Keep a secret the user typed before the profile exists; it lives in the keychain as a draft. */
  saveDraftSecret(role: SecretRole, credentials: StorageCredentials): Promise<void>;
  /** Forget the wizard: state file and draft secrets (after a profile was saved, or on "start over"); returns the new session. */
  clear(): Promise<{ session: string }>;
  /**
   * Continue a saved profile: its keys replace the draft's in the keychain (main to main, no secret leaves),
   * so checks, provisioning and the export that sign as the draft use the profile's keys, never a stale draft.
   */
  continueProfile(name: string): Promise<{ profile: Profile; keys: ResumedWizard['keys'] }>;
}

export interface WizardStateOptions {
  dataDir: string;
  secrets: SecretStore;
  profiles: ProfileRepository;
  /** Forgotten with the rest of the draft on clear(). */
  checkRuns?: Pick<WizardCheckRecord, 'clear'>;
  debounceMs?: number;
  maxWaitMs?: number;
}

export function createWizardStateStore(options: WizardStateOptions): WizardStateStore {
  const file = new JsonDocumentFile(options.dataDir, 'wizard-state');
  const debounceMs = options.debounceMs ?? 300;
  const maxWaitMs = Math.max(debounceMs, options.maxWaitMs ?? 1_000);
  let pending: WizardState | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** When the oldest unwritten change was made. */
  let pendingSince: number | undefined;
  let session = randomUUID();
  let disposed = false;

  function dropPending(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
    pendingSince = undefined;
  }

  /** Why the last background write failed (disk full, read-only…); cleared by the next write that succeeds. */
  let writeFailure: AppError | undefined;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const state = pending;
    try {
      file.write(state);
    } catch (error) {
      writeFailure = error instanceof AppError ? error : new AppError({ code: 'WIZARD_STATE_WRITE_FAILED', message: `Cannot write ${file.path}.` });
      throw writeFailure;
    }
    writeFailure = undefined;
    if (pending === state) {
      pending = undefined;
      pendingSince = undefined;
    }
  }

  /** The debounced write runs in a timer: a throw there would kill the process, so it is kept for the next save to report. */
  function flushInBackground(): void {
    try {
      flush();
    } catch {
      /* kept in writeFailure; the pending state stays and is retried by the next save or flush */
    }
  }

  /** Which roles the keychain holds a key for. A continued profile's keys are copied into the draft (main to main), so checks and exports that sign as the draft find them. */
  async function findStoredKeys(state: WizardState, resumed: ResumedWizard): Promise<void> {
    const profile =
      state.profileName && (await options.profiles.exists(state.profileName))
        ? await options.profiles.get(state.profileName)
        : undefined;
    for (const role of SECRET_ROLES) {
      try {
        let credentials = await options.secrets.getCredentials(WIZARD_DRAFT_OWNER, role);
        if (!credentials && profile?.secretRefs[role]) {
          credentials = await options.secrets.getCredentials(profile.name, role);
          if (credentials) await options.secrets.setCredentials(WIZARD_DRAFT_OWNER, role, credentials);
        }
        if (credentials) resumed.keys[role] = { accessKeyId: credentials.accessKeyId, stored: true };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // One problem per cause is enough (a locked keychain fails every role the same way).
        if (!resumed.problems.some((p) => p.code === error.code)) resumed.problems.push(error.toData());
      }
    }
  }

  return {
    path: file.path,
    save(input, from) {
      if (disposed) throw new AppError({ code: 'WIZARD_STATE_CLOSED', message: 'The wizard state is closed; the change was not saved.' });
      if (from !== undefined && from !== session) {
        throw new AppError({
          code: 'WIZARD_STATE_STALE',
          message: 'The wizard was started over since this page loaded it; its older state was not saved.',
          fix: 'Reload the page.',
        });
      }
      const secretFields = findSecretFields(input);
      if (secretFields.length > 0) {
        throw new AppError({
          code: 'WIZARD_STATE_HAS_SECRETS',
          message: `The wizard state contains secret fields (${secretFields.slice(0, 5).join(', ')}); they are never saved to disk.`,
          fix: 'Send secrets with saveDraftSecret: they go to the OS keychain.',
        });
      }
      const parsed = wizardStateSchema.safeParse(input);
      if (!parsed.success) {
        throw new AppError({
          code: 'WIZARD_STATE_INVALID',
          message: `The wizard state is not valid: ${firstIssueText(parsed.error)}.`,
        });
      }
      pending = { ...parsed.data, updatedAt: new Date().toISOString() };
      const now = Date.now();
      pendingSince ??= now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flushInBackground, Math.max(0, Math.min(debounceMs, pendingSince + maxWaitMs - now)));
      // The state is kept and retried, but the page must learn that the disk refuses it.
      if (writeFailure) throw writeFailure;
    },
    flush,
    dispose() {
      flush();
      disposed = true;
    },
    async load() {
      const resumed: ResumedWizard = { keys: {}, session, problems: [] };
      try {
        flush();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        resumed.problems.push(error.toData());
      }
      const read = readWizardState(file);
      if ('problem' in read) resumed.problems.push(read.problem);
      else if (read.state) resumed.state = read.state;
      // A fresh start needs no keychain; a resumed one reads its secrets back.
      if (resumed.state) await findStoredKeys(resumed.state, resumed);
      return resumed;
    },
    async continueProfile(name) {
      const profile = await options.profiles.get(name);
      const keys: ResumedWizard['keys'] = {};
      for (const role of SECRET_ROLES) {
        const credentials = profile.secretRefs[role] ? await options.secrets.getCredentials(profile.name, role) : undefined;
        if (credentials) {
          await options.secrets.setCredentials(WIZARD_DRAFT_OWNER, role, credentials);
          keys[role] = { accessKeyId: credentials.accessKeyId, stored: true };
        } else if (role === 'registry') {
          // The registry key belongs to the profile: an older draft's key must not sign for it.
          await options.secrets.delete(WIZARD_DRAFT_OWNER, role);
        } else {
          // Setup keys are the administrator's for this session: keep what was already typed and stored.
          const draft = await options.secrets.getCredentials(WIZARD_DRAFT_OWNER, role);
          if (draft) keys[role] = { accessKeyId: draft.accessKeyId, stored: true };
        }
      }
      return { profile, keys };
    },
    async saveDraftSecret(role, credentials) {
      await options.secrets.setCredentials(WIZARD_DRAFT_OWNER, role, credentials);
    },
    async clear() {
      // A new session first: a save from a page that loaded before this clear is refused from now on.
      session = randomUUID();
      dropPending();
      writeFailure = undefined;
      onDisk(file.path, 'delete', () => rmSync(file.path, { force: true }));
      options.checkRuns?.clear();
      await options.secrets.deleteOwner(WIZARD_DRAFT_OWNER);
      return { session };
    },
  };
}

/**
 * The saved state, or why there is none. A file that cannot be used (corrupt, empty, not this schema, from
 * a newer version, holding a secret) is moved aside with a notice: the wizard starts over instead of
 * failing on every start. A file that cannot even be read (EACCES…) is left where it is and reported.
 */
function readWizardState(file: JsonDocumentFile): { state?: WizardState } | { problem: AppErrorData } {
  let document: Record<string, unknown> | undefined;
  let why: string;
  try {
    document = file.read();
    if (!document) return {};
    // Older versions are upgraded; a newer one, or one that does not parse, is moved aside below.
    const parsed = parseWizardStateDocument(document);
    if ('state' in parsed && findSecretFields(parsed.state).length === 0) return { state: parsed.state };
    why = 'state' in parsed ? 'it holds a secret field' : parsed.why;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code !== 'PROFILE_FILE_CORRUPT') return { problem: error.toData() };
    why = `it is ${error.causeText ?? 'corrupt'}`;
  }
  try {
    const aside = file.quarantine();
    return {
      problem: {
        code: 'WIZARD_STATE_QUARANTINED',
        message: `The saved wizard state could not be used (${why}); it was moved to ${aside} and the wizard starts over.`,
        fix: 'Nothing to do. Delete the moved file once you no longer need what it held.',
      },
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { problem: error.toData() };
  }
}
