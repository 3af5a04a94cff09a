import { Command, Option } from 'commander';
import {
  minioCommands,
  partitions,
  policyFlavorExplanations,
  policyFlavors,
  renderRegistryPolicy,
  type Partition,
  type PolicyFlavor,
} from '../../../shared/iam-policy';
import { checkBucketName } from '../../../shared/validation';
import { formatIssues } from '../validation-output';

export interface PolicyCommandOptions {
  bucket: string;
  rootDir?: string;
  partition: Partition;
  flavor: PolicyFlavor;
  explain?: boolean;
  minioAlias?: string;
}

export interface PolicyIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo = (): PolicyIo => ({ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });

/**
 * `policy`: print the registry user's policy JSON on stdout (pipeable), and on stderr, when asked, what
 * the flavour means and the MinIO commands that apply it. Returns the exit code.
 */
export function runPolicy(options: PolicyCommandOptions, io: PolicyIo = processIo()): number {
  const findings = checkBucketName(options.bucket);
  if (findings.errors.length > 0) {
    io.stderr(formatIssues('error', findings.errors));
    return 2;
  }
  const input = { bucket: options.bucket, rootDirectory: options.rootDir ?? '', partition: options.partition, flavor: options.flavor };
  io.stdout(renderRegistryPolicy(input));
  if (options.explain) {
    const { title, text } = policyFlavorExplanations[options.flavor];
    io.stderr(`# ${title}: ${text}\n`);
  }
  if (options.minioAlias !== undefined) {
    io.stderr('# MinIO: save the JSON above as dtr-storage-policy.json, set DTR_STORAGE_SECRET_KEY, then run:\n');
    for (const line of minioCommands({ ...input, alias: options.minioAlias })) io.stderr(`${line}\n`);
  }
  return 0;
}

export function registerPolicyCommand(program: Command): void {
  program
    .command('policy')
    .description("Print the least-privilege IAM policy for the registry's storage user.")
    .requiredOption('--bucket <bucket>', 'the S3 bucket')
    .option('--root-dir <dir>', 'scope objects and listing to this root directory')
    .addOption(new Option('--partition <partition>', 'AWS partition of the ARNs').choices(partitions).default('aws'))
    .addOption(new Option('--flavor <flavor>', 'which policy').choices(policyFlavors).default('union'))
    .option('--explain', "print what the flavour allows and lacks (on stderr)", false)
    .option('--minio-alias <alias>', 'also print the mc commands for this MinIO alias (on stderr)')
    .action((options: PolicyCommandOptions) => {
      process.exitCode = runPolicy(options);
    });
}
