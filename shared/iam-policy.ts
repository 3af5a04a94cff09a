/**
 * The registry user's IAM policy, in three flavours, for the three AWS partitions, optionally scoped to
 * the root directory. Pure: the UI, the CLI, the export and the provisioning service all render it here.
 * The output is stable: the same input always yields the same bytes (fixed key and action order).
 */

import { REGIONS_BY_PARTITION, normalizeRootDirectory, type Partition } from './validation';

export type { Partition };
export const policyFlavors = ['union', 'distribution', 'dtr-doc'] as const;
export type PolicyFlavor = (typeof policyFlavors)[number];
export const partitions = Object.keys(REGIONS_BY_PARTITION) as Partition[];

export interface RegistryPolicyInput {
  bucket: string;
  /** The driver's `rootdirectory`; '' or '/' means the whole bucket. */
  rootDirectory?: string;
  partition?: Partition;
  flavor?: PolicyFlavor;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: { StringLike: { 's3:prefix': string[] } };
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
      's3:ListMultipartUploadParts and s3:AbortMultipartUpload, so resuming or cleaning up a multipart ' +
      'upload is denied (pushes of large layers can fail with AccessDenied).',
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

export function createRegistryPolicy(input: RegistryPolicyInput): PolicyDocument {
  const partition = input.partition ?? 'aws';
  const flavor = input.flavor ?? 'union';
  const root = normalizeRootDirectory(input.rootDirectory ?? '');
  const grant = grants[flavor];
  const bucket = bucketArn(partition, input.bucket);
  const statements: PolicyStatement[] = [];
  if (grant.listAll) {
    // ListAllMyBuckets has no resource type, so IAM evaluates it against "*". DTR's doc writes
    // arn:<partition>:s3:::*, which an IAM evaluator does not match against "*"; the union uses "*".
    const resource = flavor === 'dtr-doc' ? `arn:${partition}:s3:::*` : '*';
    statements.push({ Sid: 'ListAllBuckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: [resource] });
  }
  if (root) {
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
  return { Version: '2012-10-17', Statement: statements };
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
  return { allowed, denied };
}

export interface MinioCommandsInput extends RegistryPolicyInput {
  /** The `mc alias` of the MinIO server. */
  alias?: string;
  user?: string;
  policyName?: string;
  /** Where the policy JSON is saved before `mc admin policy create`. */
  policyFile?: string;
}

const shellQuote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`);

/**
 * The `mc` commands that create the same least-privilege user on MinIO. The secret key is never
 * written here: it is read from the environment variable the admin sets just before running them.
 */
export function minioCommands(input: MinioCommandsInput): string[] {
  const alias = shellQuote(input.alias ?? 'myminio');
  const user = shellQuote(input.user ?? 'dtr-storage');
  const policyName = shellQuote(input.policyName ?? `dtr-storage-${input.bucket}`);
  const file = shellQuote(input.policyFile ?? 'dtr-storage-policy.json');
  return [
    `mc admin user add ${alias} ${user} "$DTR_STORAGE_SECRET_KEY"`,
    `mc admin policy create ${alias} ${policyName} ${file}`,
    `mc admin policy attach ${alias} ${policyName} --user ${user}`,
  ];
}
