import { createSecretStore, type SecretStore } from '../secrets/secret-store';
import { defaultDataDir } from './data-dir';
import { createProfileRepository, type ProfileRepository } from './profile-repository';
import { createWizardCheckRecord, type WizardCheckRecord } from './wizard-check-run';
import { createWizardStateStore, type WizardStateStore } from './wizard-state';

export interface ProfileServices {
  dataDir: string;
  secrets: SecretStore;
  profiles: ProfileRepository;
  wizard: WizardStateStore;
  /** The wizard's last Validate run, until its profile is saved. */
  wizardChecks: WizardCheckRecord;
}

/** The keychain, the profile repository and the wizard state on one data directory. */
export function createProfileServices(
  options: { dataDir?: string; secrets?: SecretStore; debounceMs?: number; maxWaitMs?: number } = {},
): ProfileServices {
  const dataDir = options.dataDir ?? defaultDataDir();
  const secrets = options.secrets ?? createSecretStore();
  const profiles = createProfileRepository({ dataDir, secrets });
  const wizardChecks = createWizardCheckRecord(dataDir);
  const wizard = createWizardStateStore({ dataDir, secrets, profiles, checkRuns: wizardChecks, debounceMs: options.debounceMs, maxWaitMs: options.maxWaitMs });
  return { dataDir, secrets, profiles, wizard, wizardChecks };
}

let shared: ProfileServices | undefined;
/** One instance per process (the app's handler table and the CLI), so debounced wizard saves are not split. */
export function defaultProfileServices(): ProfileServices {
  if (!shared) {
    shared = createProfileServices();
    // A normal quit (app or CLI) writes the last keystrokes at once instead of losing the debounce window.
    process.once('exit', () => {
      try {
        shared?.wizard.flush();
      } catch {
        /* nothing more can be done while exiting; the previous state is still on disk */
      }
    });
  }
  return shared;
}
