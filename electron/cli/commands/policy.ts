import { EXIT } from '../../../shared/cli-exit-codes';
import {
  policyFlavorExplanations,
  registryBucketPolicy,
  registryPolicyNotes,
  renderRegistryPolicy,
  type Partition,
  type PolicyFlavor,
  type PolicyTarget,
} from '../../../shared/iam-policy';
import { minioCommands } from '../../../shared/render/minio-commands';
import { checkBucketName } from '../../../shared/validation/bucket-name';
import type { CliContext } from '../context';
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

export type PolicyIo = Pick<CliContext, 'stdout' | 'stderr'>;

/**
 * `policy`: print the registry user's policy JSON on stdout (pipeable), and on stderr, when asked, what
 * the flavour means and the MinIO commands that apply it. Returns the exit code.
 */
export function runPolicy(options: PolicyCommandOptions, io: PolicyIo): number {
  const findings = checkBucketName(options.bucket);
  if (findings.errors.length > 0) {
    io.stderr(formatIssues('error', findings.errors));
    return EXIT.USAGE;
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
  return EXIT.OK;
}
