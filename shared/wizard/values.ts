import type { ProbeResult } from '../checks';
import type { PolicyFlavor } from '../iam-policy';
import type { S3ServerGuess, S3ServerKind } from '../s3-server';
import { WIZARD_DRAFT_OWNER, type ClientTrustMode, type KeySource } from '../profile';
import { storageConfigSchema, type StorageConfig } from '../storage-config';

/**
 * The wizard's values (what the state file keeps) and the keys it holds while they are typed. Pure data:
 * the reducer (state.ts) is the only code that changes them; wizardValuesSchema (shared/profile.ts) is
 * the state file's allow-list of the same fields.
 */

/** The Validate step's results for the config they ran on; emptied by the reducer when that config changes. */
export interface KeptChecks {
  results: ProbeResult[];
  /** Probe objects the last run's sweep could not remove. */
  leftovers: string[];
  /** The config and registry key the results are for (state.ts checkInputsFingerprint). */
  ranOn?: string;
}

export const noChecks: KeptChecks = { results: [], leftovers: [] };

/** What one provider had when the user switched away: its endpoint fields and what was done for them. */
export interface ParkedProvider {
  config: Partial<StorageConfig>;
  /** The bucket that bucketReady and the checks were for (the name itself is shared by both providers). */
  bucket: string;
  bucketReady: boolean;
  checksPassed: boolean;
  checks?: KeptChecks;
}

/** The wizard's non-secret values: saved as the user types (wizard.saveState) and restored on resume. */
export interface WizardValues {
  dtrUrl: string;
  config: StorageConfig;
  /** Where the setup keys come from: the keychain (entered on Target) or the AWS SDK's chain (AWS profile, SSO, role). */
  keySource: KeySource;
  /** With 'aws-chain': a named profile of ~/.aws/config; empty means AWS_PROFILE or the default chain. */
  awsProfile: string;
  policyFlavor: PolicyFlavor;
  scopeToRoot: boolean;
  bucketReady: boolean;
  registryKeyReady: boolean;
  /** Derived by the reducer from `checks` (kept in the file so a resumed wizard keeps its gate). */
  checksPassed: boolean;
  checks: KeptChecks;
  trustMode: ClientTrustMode;
  dtrHost: string;
  dtrCaPem: string;
  /** Client-trust gate (shared/trust/dtr-ca-gate.ts): the host+CA main verified, and the one the user overrode for. */
  dtrCaVerifiedFor: string;
  dtrCaOverrideFor: string;
  existingDaemonJson: string;
  profileName: string;
  /** Where the bundle went: a path (save dialog) or, with exportedAsDownload, the downloaded file's name. */
  exportedTo: string;
  exportedAsDownload: boolean;
  /** The saved profile's file, once saved. */
  profileFile: string;
  /** Each provider's own endpoint fields, kept while the other provider is chosen (arrow keys through the radios lose nothing). */
  parkedConfig: Partial<Record<StorageConfig['provider'], ParkedProvider>>;
  /** The S3-compatible server as the user named it; '' = take the detected one. */
  storageServer: S3ServerKind | '';
  /** What the Bucket step's request to the endpoint suggested (evidence '' = nothing measured yet). */
  detectedServer: S3ServerGuess;
}

/**
 * A key as the renderer holds it. The secret only while it is being typed: once the keychain has it, the
 * secret is dropped and `stored` says it is there (wizard.loadState never sends one back).
 */
export interface KeyEntry {
  accessKeyId: string;
  secretAccessKey: string;
  stored: boolean;
}

export interface WizardSecrets {
  setup?: KeyEntry;
  registry?: KeyEntry;
}

export type KeyRole = keyof WizardSecrets;

export const emptyKey: KeyEntry = { accessKeyId: '', secretAccessKey: '', stored: false };

/** A secret is there: typed, or already in the keychain. */
export const hasSecret = (key: KeyEntry | undefined): boolean => Boolean(key?.stored || key?.secretAccessKey);

/** The keychain owner of the wizard's keys before a profile exists: one name everywhere (shared/profile.ts). */
export { WIZARD_DRAFT_OWNER };

export const initialValues: WizardValues = {
  dtrUrl: '',
  config: storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: '', forcepathstyle: true }),
  keySource: 'keychain',
  awsProfile: '',
  policyFlavor: 'union',
  scopeToRoot: true,
  bucketReady: false,
  registryKeyReady: false,
  checksPassed: false,
  checks: noChecks,
  trustMode: 'ca',
  dtrHost: '',
  dtrCaPem: '',
  dtrCaVerifiedFor: '',
  dtrCaOverrideFor: '',
  existingDaemonJson: '',
  profileName: '',
  exportedTo: '',
  exportedAsDownload: false,
  profileFile: '',
  parkedConfig: {},
  storageServer: '',
  detectedServer: { kind: 'other', evidence: '' },
};

export function dtrHostOf(url: string): string {
  try {
    return new URL(url.trim()).host;
  } catch {
    return '';
  }
}
