import { defaultDataDir } from '../../services/profiles/data-dir';
import { installationId } from '../../services/provisioning/installation';
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { AppError } from '../../../shared/app-error';
import { inFamily } from '../../../shared/error-codes';
import { createIamClient, type IamEndpoints } from '../../services/provisioning/clients';
import { JsonFileJournalStore } from '../../services/provisioning/journal';
import { createKeychainKeySink } from '../../services/provisioning/keychain-key-sink';
import { rollbackProvisioning, type RollbackResult } from '../../services/provisioning/rollback';
import { createS3Client, resolveCredentialSource } from '../../services/s3-client';
import type { RegistryKeySink } from '../../services/provisioning/iam';
import { defaultJournalPath, loadConfigOrExit, printError, printEvent, profileFor } from './provision';

export interface RollbackCommandOptions extends IamEndpoints {
  config: string;
  journal?: string;
  profile?: string;
  awsProfile?: string;
  json?: boolean;
}

export interface RollbackIo {
  stdout(text: string): void;
  stderr(text: string): void;
  keySink(): RegistryKeySink;
}

const processIo = (): RollbackIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  keySink: () => createKeychainKeySink(),
});

/** `rollback`: delete exactly what `provision` created (per its journal), and nothing that existed before. */
export async function runRollback(options: RollbackCommandOptions, io: RollbackIo = processIo()): Promise<number> {
  const config = await loadConfigOrExit(options.config, io);
  if (typeof config === 'number') return config;
  let result: RollbackResult;
  try {
    const store = new JsonFileJournalStore(options.journal ?? defaultJournalPath(options.config));
    const chain = options.awsProfile ? { profile: options.awsProfile } : {};
    result = await rollbackProvisioning({
      s3: createS3Client(config, { ...chain, maxAttempts: 3 }),
      ...(config.provider === 'aws' ? { iam: createIamClient(config.region, { iamEndpoint: options.iamEndpoint }, resolveCredentialSource(chain)) } : {}),
      store,
      installationId: installationId(defaultDataDir()),
      keySink: io.keySink(),
      profile: profileFor(config, options.profile),
      emit: (event) => (options.json ? undefined : printEvent(io, event)),
      operationId: randomUUID(),
    });
  } catch (error) {
    printError(io, error);
    return error instanceof AppError && (error.code === 'PROFILE_NAME_INVALID' || inFamily(error.code, 'JOURNAL')) ? 2 : 1;
  }
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.steps.length === 0) io.stdout('Nothing to roll back: this tool created nothing that still exists.\n');
  return result.complete ? 0 : 1;
}

export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('Delete what provision created: its access key, policy and user, and the bucket only if empty and ours.')
    .requiredOption('--config <file>', 'the storage config (JSON) given to provision')
    .option('--journal <file>', 'journal file (default: next to the config file)')
    .option('--profile <name>', 'keychain profile that holds the key (default: the bucket name)')
    .option('--iam-endpoint <url>', 'IAM endpoint override')
    .option('--aws-profile <name>', 'setup credentials from this AWS config profile')
    .option('--json', 'print the result as JSON', false)
    .action(async (options: RollbackCommandOptions) => {
      process.exitCode = await runRollback(options);
    });
}
