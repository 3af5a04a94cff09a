import type { StorageConfig } from '../../../shared/storage-config';
import type { AppErrorData } from '../../../shared/app-error';
import type { KeyRole, StepErrors, WizardSecrets, WizardValues } from './model';

/** What every step gets from the frame. */
export interface StepProps {
  values: WizardValues;
  secrets: WizardSecrets;
  update(patch: Partial<WizardValues>, touched?: string): void;
  updateConfig(patch: Partial<StorageConfig>, touched?: string): void;
  setSecrets(patch: Partial<WizardSecrets>, touched?: string): void;
  /** Send a typed key to the keychain and drop its secret from the form; the error when the keychain refused. */
  commitKey(role: KeyRole): Promise<AppErrorData | undefined>;
  /** The step's error for a field, once the user touched it or tried Next; undefined otherwise. */
  error(field: string): string | undefined;
  errors: StepErrors;
}
