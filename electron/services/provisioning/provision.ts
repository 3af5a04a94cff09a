import type { S3Client } from '@aws-sdk/client-s3';
import type { ProgressEvent } from '../../../shared/contract';
import {
  createRegistryPolicy,
  policyInputForConfig,
  policyTargetExplanations,
  registryPermissionProbes,
  renderRegistryPolicy,
  type Partition,
  type PolicyFlavor,
  type PolicyTarget,
} from '../../../shared/iam-policy';
import type { BucketSetting } from '../../../shared/channels/provision';
import { minioCommands } from '../../../shared/render/minio-commands';
import type { StorageConfig } from '../../../shared/storage-config';
import { partitionOfRegion } from '../../../shared/validation';
import { resolveTarget } from '../checks/target';
import { s3FailureError } from '../checks/s3-call';
import { ensureBucket, ensureDefaultEncryption, ensureLifecycle, ensurePublicAccessBlock, type BucketPlan } from './bucket';
import { ensureAccessKey, ensureUser, ensureUserPolicy, type IamDeps, type IamPlan, type KeyLimitChoice } from './iam';
import { openJournal, type Journal, type JournalStore } from './journal';
import { finish, type StepContext, type StepResult } from './steps';
import { verifyUserPermissions } from './verify';

export const DEFAULT_IAM_USER = 'dtr-storage';
export const DEFAULT_IAM_PATH = '/dtr-s3-assistant/';
export const DEFAULT_ABORT_INCOMPLETE_DAYS = 7;

export interface ProvisionOptions {
  config: StorageConfig;
  /** Keychain owner of the registry key (a profile name, or the wizard's draft). */
  owner: string;
  iamUser?: string;
  iamPath?: string;
  policyFlavor?: PolicyFlavor;
  /** S3-compatible services: which server the policy is for (default ceph-rgw, see policyTargetExplanations). */
  policyTarget?: PolicyTarget;
  onKeyLimit?: KeyLimitChoice;
  abortIncompleteMultipartDays?: number;
  /** SSE-KMS key for the bucket's default encryption; defaults to the config's keyid when encrypt is on. */
  kmsKeyId?: string;
  /** Drifted bucket settings the user asked to re-apply (otherwise a re-run reports drift and leaves them). */
  reapply?: readonly BucketSetting[];
}

export interface ProvisionDeps {
  /** S3 with the setup credentials. */
  s3: S3Client;
  /** IAM with the setup credentials; required on AWS, unused for S3-compatible services. */
  iam?: IamDeps;
  store: JournalStore;
  /** This installation's id (installation.ts): stamped on the journal and tagged on what is created. */
  installationId: string;
  /** Said before anything runs: the settings file was moved aside while the id was read (installationNotices). */
  notices?: readonly string[];
  /** The id was made after that move: a journal of the old one is then explained by it. */
  idRenewed?: boolean;
  emit: (event: ProgressEvent) => void;
  operationId: string;
  signal?: AbortSignal;
}

export interface ProvisionResult {
  steps: StepResult[];
  /** The policy that was (or, for S3-compatible services, is to be) attached, pretty-printed. */
  policyJson: string;
  userArn?: string;
  accessKeyId?: string;
  /** Where the new secret went (a keychain account), when a key was created. */
  keyStoredAt?: string;
  /** S3-compatible services: the MinIO commands that create the user. */
  minioCommands?: string[];
}

export function journalTarget(config: StorageConfig, options: Pick<ProvisionOptions, 'iamUser'>): Journal['target'] {
  return {
    bucket: config.bucket,
    region: config.region,
    endpoint: config.regionendpoint.trim() || 'aws',
    ...(config.provider === 'aws' ? { iamUser: options.iamUser ?? DEFAULT_IAM_USER, policyName: policyNameFor(config.bucket) } : {}),
  };
}

export const policyNameFor = (bucket: string) => `dtr-storage-${bucket}`.slice(0, 128);

/** The registry policy for this run: with the KMS grant whenever SSE-KMS is turned on (bucket default or driver). */
function registryPolicyInput(options: ProvisionOptions) {
  return policyInputForConfig(options.config, { flavor: options.policyFlavor ?? 'union', ...(options.policyTarget ? { target: options.policyTarget } : {}), ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}) });
}

/**
 * Create or adopt the bucket with secure defaults, then (on AWS) the registry's IAM user, its inline
 * policy and an access key, and verify the permissions. Every step reads before it writes and is
 * journaled, so running it again, or after a crash, neither duplicates nor forgets anything.
 */
export async function provisionStorage(options: ProvisionOptions, deps: ProvisionDeps): Promise<ProvisionResult> {
  const { config } = options;
  const journal = await openJournal(deps.store, journalTarget(config, options), deps.installationId, deps.idRenewed ? deps.notices : undefined);
  const context: StepContext = { operationId: deps.operationId, store: deps.store, journal, emit: deps.emit, ...(deps.signal ? { signal: deps.signal } : {}) };
  const steps: StepResult[] = (deps.notices ?? []).map((message) => finish(context, { step: 'settings', outcome: 'warn', message }));
  // SSE-KMS when asked, or when the driver itself encrypts with a KMS key; SSE-S3 otherwise.
  const kmsKeyId = options.kmsKeyId || (config.encrypt ? config.keyid : '');
  const policyInput = registryPolicyInput(options);
  // An SDK error of a bucket setting carries its cause out as the checks' diagnosis, not as "internal".
  const site = { endpointUrl: resolveTarget(config).endpointUrl, config };
  const plan: BucketPlan = {
    bucket: config.bucket,
    region: config.region,
    provider: config.provider,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    abortIncompleteMultipartDays: options.abortIncompleteMultipartDays ?? DEFAULT_ABORT_INCOMPLETE_DAYS,
    endpointUrl: site.endpointUrl,
    ...(options.reapply ? { reapply: options.reapply } : {}),
  };
  const bucketSetting = async (operation: string, action: string, run: () => Promise<StepResult>): Promise<StepResult> => {
    try {
      return await run();
    } catch (error) {
      throw s3FailureError(error, { operation, action }, site);
    }
  };
  // The keychain must be reachable before anything is created, or the new key would have nowhere to go.
  if (config.provider === 'aws' && deps.iam) await deps.iam.keySink.loadRegistryKey(options.owner);
  steps.push(await ensureBucket(deps.s3, plan, context));
  steps.push(await bucketSetting('PutPublicAccessBlock', 's3:PutBucketPublicAccessBlock', () => ensurePublicAccessBlock(deps.s3, plan, context)));
  steps.push(await bucketSetting('PutBucketEncryption', 's3:PutEncryptionConfiguration', () => ensureDefaultEncryption(deps.s3, plan, context)));
  steps.push(await bucketSetting('PutBucketLifecycleConfiguration', 's3:PutLifecycleConfiguration', () => ensureLifecycle(deps.s3, plan, context)));

  if (config.provider !== 'aws' || !deps.iam) {
    const policyJson = renderRegistryPolicy(policyInput);
    const commands = minioCommands({ ...policyInput, user: options.iamUser ?? DEFAULT_IAM_USER });
    const message =
      `S3-compatible service: no AWS IAM here. The policy is shaped for ${policyTargetExplanations[policyInput.target ?? 'ceph-rgw'].title}. ` +
      'Ceph RGW: attach it as the registry user\'s policy, or as a bucket policy (`policy --target ceph-rgw --principal arn:aws:iam:::user/<uid>`). ' +
      'MinIO: render it with `policy --target minio`, save it and run the mc commands shown.';
    deps.emit({ operationId: deps.operationId, step: 'iam-user', status: 'skipped', message });
    steps.push({ step: 'iam-user', outcome: 'skipped', message });
    return { steps, policyJson, minioCommands: commands };
  }

  const iam = await provisionIamUser(options, deps.iam, context);
  steps.push(...iam.steps);
  return {
    steps,
    policyJson: renderRegistryPolicy({ ...policyInput, partition: iam.partition }),
    userArn: iam.userArn,
    accessKeyId: iam.accessKeyId,
    ...(iam.storedAt ? { keyStoredAt: iam.storedAt } : {}),
  };
}

/** The IAM half on AWS: user, inline policy, access key (into the key sink), then the simulation. */
export async function provisionIamUser(
  options: ProvisionOptions,
  iam: IamDeps,
  context: StepContext,
): Promise<{ steps: StepResult[]; userArn: string; partition: Partition; accessKeyId: string; storedAt?: string }> {
  const { config } = options;
  const policyInput = registryPolicyInput(options);
  const plan: IamPlan = {
    userName: options.iamUser ?? DEFAULT_IAM_USER,
    userPath: options.iamPath ?? DEFAULT_IAM_PATH,
    tags: { 'managed-by': 'dtr-s3-assistant', 'dtr-bucket': config.bucket },
    policyName: policyNameFor(config.bucket),
    policyFor: (partition) => createRegistryPolicy({ ...policyInput, partition: partition as Partition }),
    owner: options.owner,
    onKeyLimit: options.onKeyLimit ?? 'fail',
  };
  const user = await ensureUser(plan, iam, context);
  // The user's ARN names the partition authoritatively (arn:aws-cn:iam::…).
  const fromArn = user.arn.split(':')[1];
  const partition: Partition =
    fromArn === 'aws' || fromArn === 'aws-cn' || fromArn === 'aws-us-gov' ? fromArn : (partitionOfRegion(config.region) ?? 'aws');
  const policy = await ensureUserPolicy(plan, partition, iam, context);
  const key = await ensureAccessKey(plan, user.arn, iam, context);
  const verify = await verifyUserPermissions(iam.iam, user.arn, registryPermissionProbes({ ...policyInput, partition }), context, undefined, iam.site);
  return {
    steps: [user, policy, key, verify],
    userArn: user.arn,
    partition,
    accessKeyId: key.accessKeyId,
    ...(key.storedAt ? { storedAt: key.storedAt } : {}),
  };
}
