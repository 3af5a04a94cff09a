import { policyInputForConfig, renderRegistryPolicy, type PolicyFlavor } from '../iam-policy';
import type { S3ServerKind } from '../s3-server';
import type { StorageConfig } from '../storage-config';
import { storageCaFileFor } from '../trust/cert-layout';
import { normalizeRootDirectory } from '../validation';
import { minioCommands } from './minio-commands';
import { DEFAULT_RGW_UID, rgwBucketPolicy, rgwCommands } from './rgw-commands';

/**
 * The IAM part of a setup for the chosen server, rendered once: the wizard's IAM step shows it and the
 * export bundle writes it, so both say the same (RGW: radosgw-admin + a bucket policy; MinIO: mc; AWS:
 * the inline policy that provisioning attaches; another server: the policy alone).
 */

/** Bundle-relative file names the commands refer to (they run from the bundle's folder). */
export const iamBundleFiles = {
  policy: 'iam-policy.json',
  rgwBucketPolicy: 'dtr-storage-bucket-policy.json',
  commands: 'iam-commands.sh',
} as const;

export interface IamStepsInput {
  config: StorageConfig;
  /** The server the user chose (or the detection found); ignored on AWS. */
  server: S3ServerKind;
  flavor: PolicyFlavor;
  /** Limit objects and listing to the root directory (default: yes, when there is one). */
  scopeToRoot?: boolean;
}

export interface IamSteps {
  server: S3ServerKind;
  /** The registry user's policy (AWS inline policy, RGW user policy, MinIO policy): iam-policy.json. */
  policyJson: string;
  /** bash lines for the server's own tools (empty for AWS, where provisioning does it, and for others). */
  commands: string[];
  /** RGW: the bucket policy naming the registry's RGW user, saved as iamBundleFiles.rgwBucketPolicy. */
  bucketPolicyJson?: string;
  rgwUid?: string;
  /** The storage CA file the commands name (--ca-bundle), when the storage has a private CA. */
  caFile?: string;
}

/** The server the IAM part is for: AWS for the aws provider, else the user's choice or the detected one. */
export function chosenServer(provider: StorageConfig['provider'], storageServer: S3ServerKind | '', detected: S3ServerKind): S3ServerKind {
  return provider === 'aws' ? 'aws' : storageServer || detected;
}

export function iamSteps(input: IamStepsInput): IamSteps {
  const { config } = input;
  const server: S3ServerKind = config.provider === 'aws' ? 'aws' : input.server;
  const scoped = input.scopeToRoot !== false && normalizeRootDirectory(config.rootdirectory) !== '';
  const policyInput = policyInputForConfig(
    { ...config, rootdirectory: scoped ? config.rootdirectory : '' },
    { flavor: input.flavor, target: server === 'minio' ? 'minio' : 'ceph-rgw' },
  );
  const policyJson = renderRegistryPolicy(policyInput);
  if (server === 'ceph-rgw') {
    const caFile = storageCaFileFor(config);
    const rgwInput = { ...policyInput, endpoint: config.regionendpoint, region: config.region, policyFile: iamBundleFiles.rgwBucketPolicy, ...(caFile ? { caBundle: caFile } : {}) };
    return {
      server,
      policyJson,
      commands: rgwCommands(rgwInput),
      bucketPolicyJson: `${JSON.stringify(rgwBucketPolicy(rgwInput), null, 2)}\n`,
      rgwUid: DEFAULT_RGW_UID,
      ...(caFile ? { caFile } : {}),
    };
  }
  if (server === 'minio') return { server, policyJson, commands: minioCommands({ ...policyInput, policyFile: iamBundleFiles.policy }) };
  return { server, policyJson, commands: [] };
}
