/**
 * The registry user's IAM policy, in three flavours, for the three AWS partitions, optionally scoped to
 * the root directory. Pure: the UI, the CLI, the export and the provisioning service all render it here.
 * The output is stable: the same input always yields the same bytes (fixed key and action order).
 */

import { KMS_ACTIONS, kmsGrant, kmsKeyPolicyNote } from './kms-grant';
import type { StorageConfig } from './storage-config';
import { policyFlavors, policyTargets } from './choices';
import { REGIONS_BY_PARTITION, partitionOfRegion, type Partition } from './validation/regions';
import { normalizeRootDirectory } from './validation/root-directory';

export type { Partition };
export { policyFlavors, policyTargets };
export type PolicyFlavor = (typeof policyFlavors)[number];
export const partitions = Object.keys(REGIONS_BY_PARTITION) as Partition[];
export type PolicyTarget = (typeof policyTargets)[number];

export interface RegistryPolicyInput {
  bucket: string;
  /** The driver's `rootdirectory`; '' or '/' means the whole bucket. */
  rootDirectory?: string;
  partition?: Partition;
  flavor?: PolicyFlavor;
  /** Default 'aws'. S3-compatible servers always use the `aws` partition in their ARNs. */
  target?: PolicyTarget;
  /** SSE-KMS key (the driver's keyid, or the bucket's default key): adds the KMS grant on AWS. */
  kmsKeyId?: string;
  /** The bucket's region, for a bare KMS key id's ARN. */
  region?: string;
}

type Conditions = Record<string, Record<string, string[]>>;
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  /** Only in a bucket policy (see registryBucketPolicy). */
  Principal?: { AWS: string[] };
  Action: string[];
  Resource: string[];
  Condition?: Conditions;
}
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** What each flavour grants, by ARN kind. `objectExtra` is DTR's ListBucketMultipartUploads on BUCKET/*. */
const grants: Record<PolicyFlavor, { listAll: boolean; bucket: string[]; object: string[] }> = {
  distribution: {
    listAll: false,
    bucket: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    object: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
  },
  'dtr-doc': {
    listAll: true,
    bucket: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    object: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListBucketMultipartUploads'],
  },
  // DTR's extra ListBucketMultipartUploads on BUCKET/* is left out: it is a bucket-level action, so on an
  // object ARN it grants nothing (the bucket statement already grants it).
  union: {
    listAll: true,
    bucket: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
    object: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
  },
};

/** Plain-language difference between the flavours: shown by the wizard and written into the export. */
export const policyFlavorExplanations: Record<PolicyFlavor, { title: string; text: string }> = {
  union: {
    title: 'Union (recommended)',
    text:
      "Everything Distribution's S3 driver documents plus DTR's s3:ListAllMyBuckets. Pushes, pulls, resumed " +
      'uploads and garbage collection all work, and clean-up of abandoned multipart uploads is allowed.',
  },
  distribution: {
    title: "Distribution's documented scopes",
    text:
      'Exactly what the registry storage driver calls: list, location and multipart listing on the bucket; ' +
      'put, get, delete, list parts and abort multipart on its objects. No s3:ListAllMyBuckets.',
  },
  'dtr-doc': {
    title: "DTR's documentation policy",
    text:
      'The policy printed in the DTR documentation. It adds s3:ListAllMyBuckets but lacks ' +
      's3:ListMultipartUploadParts and s3:AbortMultipartUpload. On AWS the principal that started a multipart ' +
      'upload may list its parts and abort it anyway, so it works while one principal does everything; it fails ' +
      'with AccessDenied when another principal (another replica\'s role session) resumes or cleans up an upload.',
  },
};

/** Why the policy differs per server, in words (shown with the policy, written into the export). */
export const policyTargetExplanations: Record<PolicyTarget, { title: string; text: string }> = {
  aws: { title: 'Amazon S3 (IAM)', text: 'Standard IAM: object actions on object ARNs, listing scoped by prefix when a root directory is set.' },
  'ceph-rgw': {
    title: 'Ceph RGW',
    text:
      'RGW (measured on 16) authorizes a multi-object delete (DeleteObjects, which the registry runs on every blob ' +
      'commit and in garbage collection) against s3:DeleteObject on the BUCKET ARN, so that grant is added. RGW also ' +
      'answers 404 for a missing key only when s3:ListBucket is granted without a prefix condition: with the ' +
      'condition every missing key answers 403, which the registry turns into a 500 on each push. So on RGW listing ' +
      'is granted for the whole bucket; objects stay scoped to the root directory (other keys can be listed, not read). ' +
      'The union leaves out s3:ListAllMyBuckets on "*" (the registry never calls it). The default for an unnamed ' +
      'S3-compatible server, because it is the one proved with a real registry here.',
  },
  minio: {
    title: 'MinIO',
    text:
      'No "Resource": "*": MinIO releases before about February 2025 refuse it in mc admin policy create, and the ' +
      'only action that needs it, s3:ListAllMyBuckets, is never called by the registry, so that statement is left out.',
  },
};

export function bucketArn(partition: Partition, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** Objects the registry may touch: the whole bucket, or only under its root directory. */
export function objectArn(partition: Partition, bucket: string, rootDirectory?: string): string {
  const root = normalizeRootDirectory(rootDirectory ?? '');
  return `${bucketArn(partition, bucket)}/${root ? `${root}/` : ''}*`;
}

/** The policy input for a storage config: its bucket, root, partition and SSE-KMS key. */
export function policyInputForConfig(
  config: Pick<StorageConfig, 'provider' | 'bucket' | 'rootdirectory' | 'region' | 'encrypt' | 'keyid'>,
  options: { flavor?: PolicyFlavor; target?: PolicyTarget; kmsKeyId?: string } = {},
): RegistryPolicyInput {
  const target = config.provider === 'aws' ? 'aws' : (options.target ?? 'ceph-rgw');
  const kmsKeyId = options.kmsKeyId || (config.encrypt ? config.keyid.trim() : '');
  return {
    bucket: config.bucket,
    rootDirectory: config.rootdirectory,
    partition: target === 'aws' ? (partitionOfRegion(config.region) ?? 'aws') : 'aws',
    flavor: options.flavor ?? 'union',
    target,
    region: config.region,
    ...(kmsKeyId ? { kmsKeyId } : {}),
  };
}

export function createRegistryPolicy(input: RegistryPolicyInput): PolicyDocument {
  const target = input.target ?? 'aws';
  const partition = target === 'aws' ? (input.partition ?? 'aws') : 'aws';
  const flavor = input.flavor ?? 'union';
  const root = normalizeRootDirectory(input.rootDirectory ?? '');
  const grant = grants[flavor];
  const bucket = bucketArn(partition, input.bucket);
  const statements: PolicyStatement[] = [];
  // ListAllMyBuckets has no resource type, so IAM evaluates it against "*". DTR's doc writes
  // arn:<partition>:s3:::*, which an IAM evaluator does not match against "*"; the union uses "*" on AWS
  // only: MinIO may refuse "*", and the driver never calls ListAllMyBuckets anyway.
  if (grant.listAll && (target === 'aws' || flavor === 'dtr-doc')) {
    const resource = flavor === 'dtr-doc' ? `arn:${partition}:s3:::*` : '*';
    statements.push({ Sid: 'ListAllBuckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: [resource] });
  }
  // On RGW a prefix condition on ListBucket turns a missing key's 404 into 403 (see policyTargetExplanations).
  if (root && target !== 'ceph-rgw') {
    // Listing is scoped by prefix; the other bucket-level actions have no prefix to scope by.
    statements.push({
      Sid: 'ListRootDirectory',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucket],
      Condition: { StringLike: { 's3:prefix': [`${root}/*`, root] } },
    });
    statements.push({
      Sid: 'BucketLevel',
      Effect: 'Allow',
      Action: grant.bucket.filter((action) => action !== 's3:ListBucket'),
      Resource: [bucket],
    });
  } else {
    statements.push({ Sid: 'BucketLevel', Effect: 'Allow', Action: [...grant.bucket], Resource: [bucket] });
  }
  statements.push({
    Sid: 'RegistryObjects',
    Effect: 'Allow',
    Action: [...grant.object],
    Resource: [objectArn(partition, input.bucket, root)],
  });
  if (target === 'ceph-rgw') {
    statements.push({ Sid: 'RgwMultiObjectDelete', Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: [bucket] });
  }
  if (input.kmsKeyId && target === 'aws') {
    const kms = kmsGrant(partition, input.region ?? '', input.kmsKeyId);
    statements.push({ Sid: 'KmsKey', Effect: 'Allow', Action: [...KMS_ACTIONS], Resource: [kms.resource], ...(kms.condition ? { Condition: kms.condition } : {}) });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** What to tell the admin with the policy: the target's quirks, and what the KMS key policy must allow. */
export function registryPolicyNotes(input: RegistryPolicyInput): string[] {
  const target = input.target ?? 'aws';
  const notes = target === 'aws' ? [] : [`${policyTargetExplanations[target].title}: ${policyTargetExplanations[target].text}`];
  if (input.kmsKeyId && target === 'aws') notes.push(kmsKeyPolicyNote(input.kmsKeyId));
  if (input.kmsKeyId && target !== 'aws') {
    notes.push(`SSE-KMS key ${input.kmsKeyId}: this server's KMS is configured on the server, not by an IAM grant; no KMS statement is added.`);
  }
  return notes;
}

/**
 * The same grants as a bucket policy for one principal (e.g. RGW's `arn:aws:iam:::user/<uid>`, where users
 * usually get access as owner or through a bucket policy). ListAllMyBuckets is not a bucket action and
 * cannot be granted here; the driver never calls it.
 */
export function registryBucketPolicy(input: RegistryPolicyInput, principalArn: string): PolicyDocument {
  const identity = createRegistryPolicy(input);
  const Statement = identity.Statement.filter((s) => s.Sid !== 'ListAllBuckets' && s.Sid !== 'KmsKey').map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Principal: { AWS: [principalArn] },
    Action: s.Action,
    Resource: s.Resource,
    ...(s.Condition ? { Condition: s.Condition } : {}),
  }));
  return { Version: '2012-10-17', Statement };
}

/** Pretty-printed, newline-terminated JSON: what the CLI prints and the export writes. */
export function renderRegistryPolicy(input: RegistryPolicyInput): string {
  return `${JSON.stringify(createRegistryPolicy(input), null, 2)}\n`;
}

/** One action the registry needs, with the ARN it acts on (what SimulatePrincipalPolicy must allow). */
export interface PermissionProbe {
  action: string;
  resource: string;
  /** Context for the request, e.g. the s3:prefix a scoped listing uses. */
  context?: Record<string, string>;
}

/**
 * The actions the storage driver calls, on the resources it calls them on, and a few that must stay
 * denied. Used to verify a provisioned user on AWS (iam:SimulatePrincipalPolicy).
 */
export function registryPermissionProbes(input: RegistryPolicyInput): { allowed: PermissionProbe[]; denied: PermissionProbe[] } {
  const partition = input.partition ?? 'aws';
  const root = normalizeRootDirectory(input.rootDirectory ?? '');
  const bucket = bucketArn(partition, input.bucket);
  const object = `${bucket}/${root ? `${root}/` : ''}docker/registry/v2/probe`;
  const listContext = { 's3:prefix': `${root ? `${root}/` : ''}docker/registry/v2/` };
  const grant = grants[input.flavor ?? 'union'];
  const allowed: PermissionProbe[] = [
    ...grant.bucket.map((action) => ({ action, resource: bucket, ...(action === 's3:ListBucket' ? { context: listContext } : {}) })),
    ...grant.object.filter((a) => a !== 's3:ListBucketMultipartUploads').map((action) => ({ action, resource: object })),
  ];
  const denied: PermissionProbe[] = [
    { action: 's3:DeleteBucket', resource: bucket },
    { action: 's3:PutBucketPolicy', resource: bucket },
    { action: 's3:GetObject', resource: `arn:${partition}:s3:::${input.bucket}-not-this-bucket/probe` },
    { action: 's3:PutObject', resource: `arn:${partition}:s3:::${input.bucket}-not-this-bucket/probe` },
  ];
  if (root) denied.push({ action: 's3:GetObject', resource: `${bucket}/outside-${root.replaceAll('/', '-')}/probe` });
  // A key ARN names one resource the simulation can evaluate; an alias or bare id has no single ARN.
  if (input.kmsKeyId && /^arn:[\w-]+:kms:[\w-]+:\d+:key\//.test(input.kmsKeyId)) {
    allowed.push(...KMS_ACTIONS.map((action) => ({ action, resource: input.kmsKeyId as string })));
  }
  return { allowed, denied };
}
