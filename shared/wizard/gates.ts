import { profileNameSchema } from '../profile';
import type { StorageConfig } from '../storage-config';
import { mergeInsecureRegistries } from '../trust/daemon-json';
import { dtrCaGateError } from '../trust/dtr-ca-gate';
import { checkDtrHost, checkDtrUrl, validateStorageConfig, type FieldIssue } from '../validation';
import { awsProfileName } from '../channels/provision';
import { hasSecret, type KeyEntry, type WizardSecrets, type WizardValues } from './values';

/** The wizard's steps and their gates: each step's blocking errors, from the same shared rules the services apply. */
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
      if (v.keySource === 'keychain') {
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
      // Keyless: DTR's hosts use an IAM role, so there is no registry key to create or store.
      if (!v.registryKeyReady && !v.config.keyless) {
        set('registryKey', v.config.provider === 'aws'
          ? 'Create the registry user and key, or enter an existing key below.'
          : keyPairError(secrets.registry, "registry's") ?? 'Save the registry key to the keychain.');
      }
      break;
    case 'storage':
      Object.assign(e, config);
      if (!v.config.keyless && secrets.registry && !hasSecret(secrets.registry)) e.secretKey = 'Enter the secret key that belongs to this access key.';
      break;
    case 'validate':
      if (!v.checksPassed) set('checks', 'Run the checks; Next opens once none of them fails.');
      break;
    case 'trust': {
      const host = v.dtrHost ? checkDtrHost(v.dtrHost) : undefined;
      if (!host) set('dtrHost', 'Enter DTR\'s host as clients use it, e.g. dtr.example.com.');
      else if (!host.ok) set('dtrHost', `${host.message} ${host.fix}`);
      else {
        set('dtrCaPem', dtrCaGateError(v));
        // The entry the bundle writes: the host as the rule names it, not the field as typed.
        if (v.trustMode === 'insecure-registry') {
          try {
            mergeInsecureRegistries(v.existingDaemonJson, [host.address.certsDir]);
          } catch (error) {
            set('existingDaemonJson', (error as Error).message);
          }
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
