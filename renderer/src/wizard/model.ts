import type { PolicyFlavor } from '../../../shared/iam-policy';
import { profileNameSchema, WIZARD_DRAFT_OWNER, type ClientTrustMode } from '../../../shared/profile';
import { storageConfigSchema, type StorageConfig } from '../../../shared/storage-config';
import { mergeInsecureRegistries } from '../../../shared/trust/daemon-json';
import { checkDtrHost, checkDtrUrl, validateStorageConfig, type FieldIssue } from '../../../shared/validation';
import { awsProfileName } from '../../../shared/provisioning-contract';

/** What one provider had when the user switched away: its endpoint fields and what was done for them. */
export interface ParkedProvider {
  config: Partial<StorageConfig>;
  /** The bucket that bucketReady was for (the name itself is shared by both providers). */
  bucket: string;
  bucketReady: boolean;
  checksPassed: boolean;
}

/** The wizard's non-secret values: saved as the user types (wizard.saveState) and restored on resume. */
export interface WizardValues {
  dtrUrl: string;
  config: StorageConfig;
  /** Setup keys from the keychain (entered on Target) or the AWS SDK's chain (profile, SSO, role). */
  setupSource: 'keychain' | 'aws-chain';
  /** With 'aws-chain': a named profile of ~/.aws/config; empty means AWS_PROFILE or the default chain. */
  awsProfile: string;
  policyFlavor: PolicyFlavor;
  scopeToRoot: boolean;
  bucketReady: boolean;
  registryKeyReady: boolean;
  checksPassed: boolean;
  trustMode: ClientTrustMode;
  dtrHost: string;
  dtrCaPem: string;
  existingDaemonJson: string;
  profileName: string;
  /** Where the bundle went: a path (save dialog) or, with exportedAsDownload, the downloaded file's name. */
  exportedTo: string;
  exportedAsDownload: boolean;
  /** The saved profile's file, once saved. */
  profileFile: string;
  /** Each provider's own endpoint fields, kept while the other provider is chosen (arrow keys through the radios lose nothing). */
  parkedConfig: Partial<Record<StorageConfig['provider'], ParkedProvider>>;
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

export const DRAFT_OWNER = WIZARD_DRAFT_OWNER;

export const initialValues: WizardValues = {
  dtrUrl: '',
  config: storageConfigSchema.parse({ provider: 's3-compatible', region: 'us-east-1', bucket: '', forcepathstyle: true }),
  setupSource: 'keychain',
  awsProfile: '',
  policyFlavor: 'union',
  scopeToRoot: true,
  bucketReady: false,
  registryKeyReady: false,
  checksPassed: false,
  trustMode: 'ca',
  dtrHost: '',
  dtrCaPem: '',
  existingDaemonJson: '',
  profileName: '',
  exportedTo: '',
  exportedAsDownload: false,
  profileFile: '',
  parkedConfig: {},
};

/** Switch provider: park this provider's endpoint fields (and what was done for them) and bring back the other's. */
export function switchProvider(v: WizardValues, provider: StorageConfig['provider']): Partial<WizardValues> {
  const { config } = v;
  if (provider === config.provider) return {};
  const { regionendpoint, forcepathstyle, secure, ca, region } = config;
  const parked: ParkedProvider = { config: { regionendpoint, forcepathstyle, secure, ca, region }, bucket: config.bucket, bucketReady: v.bucketReady, checksPassed: v.checksPassed };
  const back = v.parkedConfig?.[provider] ?? {
    config: provider === 'aws' ? { regionendpoint: '', forcepathstyle: false } : { forcepathstyle: true }, bucket: '', bucketReady: false, checksPassed: false,
  };
  return {
    parkedConfig: { ...v.parkedConfig, [config.provider]: parked },
    config: { ...config, ...back.config, provider },
    bucketReady: back.bucketReady && back.bucket === config.bucket,
    checksPassed: back.checksPassed && back.bucket === config.bucket,
  };
}

export const steps = [
  { id: 'target', title: 'Target' },
  { id: 'bucket', title: 'Bucket' },
  { id: 'iam', title: 'IAM' },
  { id: 'storage', title: 'Storage form' },
  { id: 'validate', title: 'Validate' },
  { id: 'trust', title: 'Client trust' },
  { id: 'export', title: 'Export' },
  { id: 'done', title: 'Done' },
] as const;
export type StepId = (typeof steps)[number]['id'];

/** Field → message; the step's Next is blocked while it is not empty. */
export type StepErrors = Record<string, string>;

/** The storage config's own findings (shared/validation), by field: the one rule set the service uses too. */
export function configIssues(config: StorageConfig): { errors: StepErrors; warnings: FieldIssue[] } {
  const { errors, warnings } = validateStorageConfig(config);
  const byField: StepErrors = {};
  for (const issue of errors) byField[issue.field] ??= issue.fix ? `${issue.message} ${issue.fix}` : issue.message;
  return { errors: byField, warnings };
}

/** The shared DTR URL rule (https:// and a host[:port] Docker accepts; no space, no path). */
function dtrUrlError(url: string): string | undefined {
  const found = checkDtrUrl(url);
  return found.ok ? undefined : [found.message, found.fix].filter(Boolean).join(' ');
}

export function dtrHostOf(url: string): string {
  try {
    return new URL(url.trim()).host;
  } catch {
    return '';
  }
}

function keyPairError(keys: KeyEntry | undefined, what: string): string | undefined {
  if (!keys?.accessKeyId.trim()) return `Enter the ${what} access key ID.`;
  if (!hasSecret(keys)) return `Enter the ${what} secret access key.`;
  return undefined;
}

/** Every step's blocking errors, from the same shared rules the services apply. */
export function stepErrors(step: StepId, v: WizardValues, secrets: WizardSecrets): StepErrors {
  const e: StepErrors = {};
  const set = (field: string, message: string | undefined) => {
    if (message) e[field] = message;
  };
  const config = configIssues(v.config).errors;
  switch (step) {
    case 'target':
      set('dtrUrl', dtrUrlError(v.dtrUrl));
      if (v.config.provider === 's3-compatible') set('regionendpoint', config.regionendpoint);
      set('ca', config.ca);
      if (v.setupSource === 'keychain') {
        if (!secrets.setup?.accessKeyId.trim()) set('setupKeyId', 'Enter the setup access key ID (an administrator key of the storage service).');
        if (!hasSecret(secrets.setup)) set('setupSecret', 'Enter the setup secret access key.');
      } else if (v.awsProfile.trim()) {
        const name = awsProfileName.safeParse(v.awsProfile.trim());
        if (!name.success) set('awsProfile', `Not ${name.error.issues[0]?.message ?? 'a valid profile name'}.`);
      }
      break;
    case 'bucket':
      set('region', config.region);
      set('bucket', config.bucket);
      if (!e.bucket && !e.region && !v.bucketReady) set('bucketAction', 'Create or adopt the bucket before going on.');
      break;
    case 'iam':
      set('rootdirectory', config.rootdirectory);
      if (!v.registryKeyReady) {
        set('registryKey', v.config.provider === 'aws'
          ? 'Create the registry user and key, or enter an existing key below.'
          : keyPairError(secrets.registry, "registry's") ?? 'Save the registry key to the keychain.');
      }
      break;
    case 'storage':
      Object.assign(e, config);
      if (secrets.registry && !hasSecret(secrets.registry)) e.secretKey = 'Enter the secret key that belongs to this access key.';
      break;
    case 'validate':
      if (!v.checksPassed) set('checks', 'Run the checks; Next opens once none of them fails.');
      break;
    case 'trust': {
      if (!v.dtrHost) set('dtrHost', 'Enter DTR\'s host as clients use it, e.g. dtr.example.com.');
      else {
        const host = checkDtrHost(v.dtrHost);
        if (!host.ok) set('dtrHost', `${host.message} ${host.fix}`);
      }
      if (v.trustMode === 'insecure-registry' && !e.dtrHost) {
        try {
          mergeInsecureRegistries(v.existingDaemonJson, [v.dtrHost]);
        } catch (error) {
          set('existingDaemonJson', (error as Error).message);
        }
      }
      break;
    }
    case 'export':
      set('profileName', profileNameSchema.safeParse(v.profileName).error?.issues[0]?.message);
      if (!e.profileName && !v.exportedTo) set('exportAction', 'Write the bundle before going on.');
      break;
    case 'done':
      break;
  }
  return e;
}

/** The first step whose gate is closed: the sidebar reaches no further than that. */
export function firstBlockedStep(v: WizardValues, secrets: WizardSecrets): number {
  const index = steps.findIndex((s) => Object.keys(stepErrors(s.id, v, secrets)).length > 0);
  return index === -1 ? steps.length - 1 : index;
}
