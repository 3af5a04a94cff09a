import { AppError, type AppErrorData } from '../../../shared/app-error';
import { inFamily } from '../../../shared/error-codes';
import { EXIT } from '../../../shared/cli-exit-codes';
import type { ProgressEvent } from '../../../shared/contract';
import type { BucketSetting } from '../../../shared/channels/provision';
import type { StorageConfig } from '../../../shared/storage-config';
import { loadStorageConfigFile } from '../../services/config-file';
import type { IamEndpoints } from '../../services/provisioning/clients';
import type { KeyLimitChoice } from '../../services/provisioning/iam';
import type { ProvisionResult } from '../../services/provisioning/provision';
import { createProvisioningService, provisioningOwner, type ProvisioningTarget } from '../../services/provisioning/service';
import type { CliContext } from '../context';
import { formatAppError, formatValidation } from '../validation-output';

export interface ProvisionCommandOptions extends IamEndpoints {
  config: string;
  iamUser?: string;
  journal?: string;
  /** The keychain owner that receives the registry key (default: the bucket). */
  keyOwner?: string;
  /** The old --profile flag of provision/rollback: --key-owner wins when both are given. */
  profile?: string;
  /** A named profile of the AWS credential chain (~/.aws/config) for the setup credentials. */
  awsProfile?: string;
  onKeyLimit?: KeyLimitChoice;
  /** Drifted bucket settings to re-apply (the grammar allows only bucketSettings). */
  reapply?: BucketSetting[];
  json?: boolean;
}

/** What provision and rollback use of the CLI context: the keychain comes with the services. */
export type ProvisionIo = Pick<CliContext, 'stdout' | 'stderr' | 'services'>;

/** Config problems are usage errors (2); the caller gets the parsed config otherwise. */
export async function loadConfigOrExit(path: string, io: Pick<ProvisionIo, 'stderr'>): Promise<StorageConfig | number> {
  const validation = await loadStorageConfigFile(path);
  if (!validation.config) {
    io.stderr(formatValidation(validation));
    return EXIT.USAGE;
  }
  return validation.config;
}

/**
 * The CLI's request as the provisioning service's target: setup keys from the AWS chain, the registry key to
 * the named keychain owner (default: the bucket), the journal as --journal names it (default: next to --config).
 */
export function cliTarget(config: StorageConfig, options: Pick<ProvisionCommandOptions, 'config' | 'journal' | 'keyOwner' | 'profile' | 'awsProfile' | 'iamEndpoint' | 'stsEndpoint'>): ProvisioningTarget {
  return {
    config,
    owner: provisioningOwner(config, options.keyOwner ?? options.profile),
    setup: { from: 'aws-chain', ...(options.awsProfile ? { awsProfile: options.awsProfile } : {}) },
    endpoints: { iamEndpoint: options.iamEndpoint, stsEndpoint: options.stsEndpoint },
    configFile: options.config,
    ...(options.journal ? { journalFile: options.journal } : {}),
  };
}

const label: Partial<Record<ProgressEvent['status'], string>> = {
  created: 'created',
  updated: 'updated',
  skipped: 'skipped',
  done: 'done',
  pass: 'done',
  warn: 'warning',
};

export function printEvent(io: Pick<ProvisionIo, 'stdout'>, event: ProgressEvent): void {
  const word = label[event.status];
  if (word) io.stdout(`${word.padEnd(8)} ${event.step.padEnd(20)} ${event.message ?? ''}\n`);
}

/** Prints the error; a bad profile name or an unusable journal is a usage problem (2), anything else a failure (1). */
export function reportFailure(io: Pick<ProvisionIo, 'stderr'>, error: unknown): number {
  const data: AppErrorData = error instanceof AppError ? error.toData() : { code: 'INTERNAL', message: 'An unexpected error occurred.' };
  io.stderr(formatAppError(data));
  return error instanceof AppError && (error.code === 'PROFILE_NAME_INVALID' || inFamily(error.code, 'JOURNAL')) ? EXIT.USAGE : EXIT.FAILED;
}

/**
 * `provision`: bucket with secure defaults, and on AWS the registry's IAM user, policy and key (into the
 * keychain). Setup credentials come from the AWS chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, SSO, role).
 */
export async function runProvision(options: ProvisionCommandOptions, io: ProvisionIo): Promise<number> {
  const config = await loadConfigOrExit(options.config, io);
  if (typeof config === 'number') return config;
  let result: ProvisionResult;
  try {
    const target = cliTarget(config, options);
    const choices = {
      ...(options.iamUser ? { iamUser: options.iamUser } : {}),
      ...(options.onKeyLimit ? { onKeyLimit: options.onKeyLimit } : {}),
      ...(options.reapply?.length ? { reapply: options.reapply } : {}),
    };
    result = await createProvisioningService(await io.services()).provision(target, choices, { emit: (event) => (options.json ? undefined : printEvent(io, event)) });
  } catch (error) {
    return reportFailure(io, error);
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.OK;
  }
  const drifted = result.steps.filter((step) => step.drift).map((step) => step.step);
  if (drifted.length) io.stdout(`\nLeft as changed: ${drifted.join(', ')}. To set them back: provision again with --reapply ${drifted.join(' ')}\n`);
  if (result.keyStoredAt) io.stdout(`The registry's new access key ${result.accessKeyId} is stored in ${result.keyStoredAt}.\n`);
  if (result.minioCommands) {
    io.stdout(`\nPolicy for the registry user:\n${result.policyJson}\nMinIO: save it as dtr-storage-policy.json, set DTR_STORAGE_SECRET_KEY, then run:\n`);
    for (const line of result.minioCommands) io.stdout(`  ${line}\n`);
  }
  return EXIT.OK;
}
