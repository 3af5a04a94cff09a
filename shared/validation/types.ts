import type { Problem } from '../error-codes';
import type { StorageConfig } from '../storage-config';

/**
 * One finding about one field. `field` names the form input it belongs to ('credentials' for the key
 * pair, 'document' for the config document as a whole: unreadable file, invalid JSON, unknown key).
 */
export interface FieldIssue extends Pick<Problem, 'code' | 'message' | 'fix'> {
  field: keyof StorageConfig | 'credentials' | 'document';
}

export interface ConfigValidation {
  /** Set only when `errors` is empty: the parsed config with defaults applied and rootdirectory normalised. */
  config?: StorageConfig;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}
