import type { CheckRunResult, ProbeId } from '../../../shared/checks';
import type { StorageConfig } from '../../../shared/storage-config';
import type { AppErrorData } from '../../../shared/app-error';
import type { FieldTarget } from '../../../shared/wizard/fix-targets';
import type { KeyRole, StepErrors, WizardSecrets, WizardValues } from './model';

/** What every step gets from the frame: the values, and callbacks that dispatch to the wizard's reducer. */
export interface StepProps {
  values: WizardValues;
  secrets: WizardSecrets;
  update: (patch: Partial<WizardValues>, touched?: string) => void;
  updateConfig: (patch: Partial<StorageConfig>, touched?: string) => void;
  setSecrets: (patch: Partial<WizardSecrets>, touched?: string) => void;
  /** Switch provider: this one's endpoint fields (and what was done for them) are kept for when it comes back. */
  chooseProvider: (provider: StorageConfig['provider']) => void;
  /** A check run finished with this config and registry key; the reducer keeps it while they stay the same. */
  recordChecks: (run: CheckRunResult, config: StorageConfig, registryKeyId: string, only?: readonly ProbeId[]) => void;
  /** Open the step a field is on and focus that field (a check's fix links to it). */
  showField: (target: FieldTarget) => void;
  /** Send a typed key to the keychain and drop its secret from the form; the error when the keychain refused. */
  commitKey: (role: KeyRole) => Promise<AppErrorData | undefined>;
  /** The step's error for a field, once the user touched it or tried Next; undefined otherwise. */
  error: (field: string) => string | undefined;
  errors: StepErrors;
}
