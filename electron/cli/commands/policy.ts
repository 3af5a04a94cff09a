import { Command, Option } from 'commander';
import {
  minioCommands,
  partitions,
  policyFlavorExplanations,
  policyFlavors,
  policyTargets,
  registryBucketPolicy,
  registryPolicyNotes,
  renderRegistryPolicy,
  type Partition,
  type PolicyFlavor,
  type PolicyTarget,
} from '../../../shared/iam-policy';
import { checkBucketName } from '../../../shared/validation';
import { formatIssues } from '../validation-output';

export interface PolicyCommandOptions {
  bucket: string;
  rootDir?: string;
  partition: Partition;
  flavor: PolicyFlavor;
  target?: PolicyTarget;
  /** Print a bucket policy for this principal instead of an identity policy. */
  principal?: string;
  /** SSE-KMS key (id, ARN or alias) the registry's objects are encrypted with. */
  kmsKey?: string;
  region?: string;
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
  const input = {
    bucket: options.bucket,
    rootDirectory: options.rootDir ?? '',
    partition: options.partition,
    flavor: options.flavor,
    target: options.target ?? 'aws',
    ...(options.kmsKey ? { kmsKeyId: options.kmsKey, region: options.region ?? '' } : {}),
  };
  io.stdout(options.principal ? `${JSON.stringify(registryBucketPolicy(input, options.principal), null, 2)}\n` : renderRegistryPolicy(input));
  if (options.explain) {
    const { title, text } = policyFlavorExplanations[options.flavor];
    io.stderr(`# ${title}: ${text}\n`);
  }
  // What the admin must know to make it work (target quirks, the KMS key policy): always, it is not optional.
  for (const note of registryPolicyNotes(input)) io.stderr(`# ${note}\n`);
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
    .addOption(new Option('--target <server>', 'the server that enforces it (ceph-rgw: bulk delete on the bucket ARN, whole-bucket listing; minio: no Resource "*")').choices(policyTargets).default('aws'))
    .option('--principal <arn>', 'print a bucket policy for this principal (RGW: arn:aws:iam:::user/<uid>) instead of a user policy')
    .option('--kms-key <id>', 'SSE-KMS key id, ARN or alias: adds kms:GenerateDataKey and kms:Decrypt on it')
    .option('--region <region>', "the bucket's region (for a bare KMS key id)")
    .option('--explain', "print what the flavour allows and lacks (on stderr)", false)
    .option('--minio-alias <alias>', 'also print the mc commands for this MinIO alias (on stderr)')
    .action((options: PolicyCommandOptions) => {
      process.exitCode = runPolicy(options);
    });
}
