import { defaultDataDir } from '../../services/profiles/data-dir';
import { installationId } from '../../services/provisioning/installation';
import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { AppError, type AppErrorData } from '../../../shared/app-error';
import { inFamily } from '../../../shared/error-codes';
import type { ProgressEvent } from '../../../shared/contract';
import { profileNameSchema } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import { loadStorageConfigFile } from '../../services/config-file';
import { createIamClient, createWhoAmI, type IamEndpoints } from '../../services/provisioning/clients';
import { keyLimitChoices, type KeyLimitChoice, type RegistryKeySink } from '../../services/provisioning/iam';
import { JsonFileJournalStore } from '../../services/provisioning/journal';
import { createKeychainKeySink } from '../../services/provisioning/keychain-key-sink';
import { provisionStorage, type ProvisionResult } from '../../services/provisioning/provision';
import { createS3Client, resolveCredentialSource } from '../../services/s3-client';
import { formatAppError, formatValidation } from '../validation-output';

export interface ProvisionCommandOptions extends IamEndpoints {
  config: string;
  iamUser?: string;
  journal?: string;
  profile?: string;
  /** A named profile of the AWS credential chain (~/.aws/config) for the setup credentials. */
  awsProfile?: string;
  onKeyLimit?: KeyLimitChoice;
  json?: boolean;
}

export interface ProvisionIo {
  stdout(text: string): void;
  stderr(text: string): void;
  keySink(): RegistryKeySink;
}

const processIo = (): ProvisionIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  keySink: () => createKeychainKeySink(),
});

/** Config problems are usage errors (2); the caller gets the parsed config otherwise. */
export async function loadConfigOrExit(path: string, io: Pick<ProvisionIo, 'stderr'>): Promise<StorageConfig | number> {
  const validation = await loadStorageConfigFile(path);
  if (!validation.config) {
    io.stderr(formatValidation(validation));
    return 2;
  }
  return validation.config;
}

/** The journal sits next to the config file unless named: rollback finds it from the same --config. */
export const defaultJournalPath = (configPath: string) => `${configPath}.provision-journal.json`;

/** The keychain owner of the registry key: the named profile, else the bucket (a valid profile name). */
export function profileFor(config: StorageConfig, profile: string | undefined): string {
  const name = profile ?? config.bucket;
  const parsed = profileNameSchema.safeParse(name);
  if (!parsed.success) {
    throw new AppError({ code: 'PROFILE_NAME_INVALID', message: `"${name}" cannot name a profile: ${parsed.error.issues[0]?.message ?? 'invalid'}`, fix: 'Pass --profile NAME.' });
  }
  return parsed.data;
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

export function printError(io: Pick<ProvisionIo, 'stderr'>, error: unknown): void {
  const data: AppErrorData = error instanceof AppError ? error.toData() : { code: 'INTERNAL', message: 'An unexpected error occurred.' };
  io.stderr(formatAppError(data));
}

/**
 * `provision`: bucket with secure defaults, and on AWS the registry's IAM user, policy and key (into the
 * keychain). Setup credentials come from the AWS chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, SSO, role).
 */
export async function runProvision(options: ProvisionCommandOptions, io: ProvisionIo = processIo()): Promise<number> {
  const config = await loadConfigOrExit(options.config, io);
  if (typeof config === 'number') return config;
  let result: ProvisionResult;
  try {
    const profile = profileFor(config, options.profile);
    const endpoints = { iamEndpoint: options.iamEndpoint, stsEndpoint: options.stsEndpoint };
    const chain = options.awsProfile ? { profile: options.awsProfile } : {};
    result = await provisionStorage(
      { config, profile, ...(options.iamUser ? { iamUser: options.iamUser } : {}), ...(options.onKeyLimit ? { onKeyLimit: options.onKeyLimit } : {}) },
      {
        s3: createS3Client(config, { ...chain, maxAttempts: 3 }),
        ...(config.provider === 'aws'
          ? { iam: { iam: createIamClient(config.region, endpoints, resolveCredentialSource(chain)), keySink: io.keySink(), whoAmI: createWhoAmI(config.region, endpoints) } }
          : {}),
        store: new JsonFileJournalStore(options.journal ?? defaultJournalPath(options.config)),
        installationId: installationId(defaultDataDir()),
        emit: (event) => (options.json ? undefined : printEvent(io, event)),
        operationId: randomUUID(),
      },
    );
  } catch (error) {
    printError(io, error);
    return error instanceof AppError && (error.code === 'PROFILE_NAME_INVALID' || inFamily(error.code, 'JOURNAL')) ? 2 : 1;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  if (result.keyStoredAt) io.stdout(`The registry's new access key ${result.accessKeyId} is stored in ${result.keyStoredAt}.\n`);
  if (result.minioCommands) {
    io.stdout(`\nPolicy for the registry user:\n${result.policyJson}\nMinIO: save it as dtr-storage-policy.json, set DTR_STORAGE_SECRET_KEY, then run:\n`);
    for (const line of result.minioCommands) io.stdout(`  ${line}\n`);
  }
  return 0;
}

export function registerProvisionCommand(program: Command): void {
  program
    .command('provision')
    .description('Create or adopt the bucket with secure defaults and, on AWS, a least-privilege IAM user and key.')
    .requiredOption('--config <file>', 'the storage config (JSON)')
    .option('--iam-user <name>', 'the IAM user to create or adopt (default dtr-storage)')
    .option('--iam-endpoint <url>', 'IAM endpoint override (LocalStack and other AWS-compatible services)')
    .option('--sts-endpoint <url>', 'STS endpoint override')
    .option('--profile <name>', 'keychain profile that receives the key (default: the bucket name)')
    .option('--aws-profile <name>', 'setup credentials from this AWS config profile (default: AWS_PROFILE or the environment)')
    .option('--journal <file>', 'journal file (default: next to the config file)')
    .addOption(new Option('--on-key-limit <choice>', 'when the user already has 2 keys').choices(keyLimitChoices).default('fail'))
    .option('--json', 'print the result as JSON', false)
    .action(async (options: ProvisionCommandOptions) => {
      process.exitCode = await runProvision(options);
    });
}
