import { rmSync } from 'node:fs';
import { AppError } from '../../../shared/app-error';
import {
  SECRET_ROLES,
  WIZARD_DRAFT_OWNER,
  findSecretFields,
  firstIssueText,
  wizardStateSchema,
  type SecretRole,
  type WizardState,
  type WizardStateInput,
} from '../../../shared/profile';
import type { StorageCredentials } from '../../../shared/storage-config';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileRepository } from './profile-repository';
import { JsonDocumentFile } from './json-file';

export interface ResumedWizard {
  state?: WizardState;
  /** Secrets for the resumed form, read back from the keychain (draft first, then the profile's). */
  secrets: Partial<Record<SecretRole, StorageCredentials>>;
  /** Why nothing could be resumed, or why a secret could not be read back (keychain locked…). */
  problems: { code: string; message: string; fix?: string }[];
}

export interface WizardStateStore {
  readonly path: string;
  /**
   * Cheap enough to call on every keystroke: validates in memory and schedules one write after
   * `debounceMs` of quiet, and at least every `maxWaitMs` while typing goes on, so a crash loses at most
   * about a second of typing.
   */
  save(state: WizardStateInput): void;
  /** Write a pending state now (call on quit, before a step change, and in tests). */
  flush(): void;
  load(): Promise<ResumedWizard>;
  /** Keep a secret the user typed before the profile exists; it lives in the keychain as a draft. */
  saveDraftSecret(role: SecretRole, credentials: StorageCredentials): Promise<void>;
  /** Forget the wizard: state file and draft secrets (after a profile was saved, or on "start over"). */
  clear(): Promise<void>;
}

export interface WizardStateOptions {
  dataDir: string;
  secrets: SecretStore;
  profiles: ProfileRepository;
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

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const state = pending;
    pending = undefined;
    pendingSince = undefined;
    file.write(state as unknown as Record<string, unknown>);
  }

  async function readBackSecrets(state: WizardState, resumed: ResumedWizard): Promise<void> {
    const profile =
      state.profileName && (await options.profiles.exists(state.profileName))
        ? await options.profiles.get(state.profileName)
        : undefined;
    for (const role of SECRET_ROLES) {
      try {
        let credentials = await options.secrets.getCredentials(WIZARD_DRAFT_OWNER, role);
        if (!credentials && profile?.secretRefs[role]) credentials = await options.secrets.getCredentials(profile.name, role);
        if (credentials) resumed.secrets[role] = credentials;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // One problem per cause is enough (a locked keychain fails every role the same way).
        if (!resumed.problems.some((p) => p.code === error.code)) resumed.problems.push(error.toData());
      }
    }
  }

  return {
    path: file.path,
    save(input) {
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
      timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, pendingSince + maxWaitMs - now)));
    },
    flush,
    async load() {
      flush();
      const resumed: ResumedWizard = { secrets: {}, problems: [] };
      let document: Record<string, unknown> | undefined;
      try {
        document = file.read();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        resumed.problems.push(error.toData());
      }
      if (document) {
        const parsed = wizardStateSchema.safeParse(document);
        if (parsed.success && findSecretFields(parsed.data).length === 0) resumed.state = parsed.data;
        else resumed.problems.push({ code: 'WIZARD_STATE_INVALID', message: 'The saved wizard state could not be read; the wizard starts over.' });
      }
      // A fresh start needs no keychain; a resumed one reads its secrets back.
      if (resumed.state) await readBackSecrets(resumed.state, resumed);
      return resumed;
    },
    async saveDraftSecret(role, credentials) {
      await options.secrets.setCredentials(WIZARD_DRAFT_OWNER, role, credentials);
    },
    async clear() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      pendingSince = undefined;
      rmSync(file.path, { force: true });
      await options.secrets.deleteOwner(WIZARD_DRAFT_OWNER);
    },
  };
}
