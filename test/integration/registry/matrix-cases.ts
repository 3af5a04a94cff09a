import type { PolicyFlavor, PolicyTarget } from '../../../shared/iam-policy';
import type { ClientTrustMode } from '../../../shared/profile';
import type { StorageConfigInput } from '../../../shared/storage-config';

/**
 * The storage situations of the differential proof (issue 13 part C). Each is judged by the app's
 * `check` and by a real docker-registry 2.8 configured from the app's rendered YAML. A case says how
 * the registry's user gets its access, how the storage config differs from the plain one, and what the
 * registry is expected to do, with the text that proves a failure is the real one (not a setup error).
 */

/** How the registry's RGW user gets access to the case's bucket. */
export type Principal =
  /** The user owns the bucket (RGW's usual setup); `deny` puts an explicit-Deny user policy on it. */
  | { kind: 'owner'; deny?: string[] }
  /** Another user owns the bucket; the registry user gets the app's policy as its IAM user policy. */
  | ({ kind: 'user-policy' } & AppPolicy)
  /** Another user owns the bucket; its bucket policy (the app's bucket-policy form) names the registry user. */
  | ({ kind: 'bucket-policy' } & AppPolicy);

/** The app's policy for the config: the flavour, scoped to the root directory or not, for a target server. */
export interface AppPolicy {
  flavor: PolicyFlavor;
  scoped: boolean;
  /** Default: what the app picks for an S3-compatible endpoint (ceph-rgw). */
  target?: PolicyTarget;
  /** An action taken out of every statement. */
  without?: string;
}

/** The CA the config (and so the bundle) carries for the storage endpoint. */
export type CaChoice = 'rgw' | 'none' | 'wrong';

export type RegistryStage = 'start' | 'push' | 'pull' | 'delete';

export type RegistryExpectation =
  | { verdict: 'pass' }
  /** `evidence` must match skopeo's output or the registry's log at that stage. */
  | { verdict: 'fail'; stage: RegistryStage; evidence: RegExp };

export interface MatrixCase {
  /** Short, unique, [a-z0-9-]: also names the bucket, the user and the repository. */
  id: string;
  title: string;
  principal: Principal;
  ca?: CaChoice;
  trust?: ClientTrustMode;
  config?: Partial<Omit<StorageConfigInput, 'ca'>>;
  /** Random bytes in the image's layer (default: a few bytes). */
  layerBytes?: number;
  registry: RegistryExpectation;
}

const MIB = 1024 * 1024;
const pass: RegistryExpectation = { verdict: 'pass' };
const fail = (stage: RegistryStage, evidence: RegExp): RegistryExpectation => ({ verdict: 'fail', stage, evidence });

/** Every driver action the union policy grants (ListAllMyBuckets is DTR's, never called by the driver). */
export const driverActions = [
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
  's3:GetObject',
  's3:DeleteObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
] as const;

// How the registry fails, in its own log's words (measured with docker-registry 2.8.2 on RGW 16):
/** Every blob commit deletes the upload with DeleteObjects: RGW 16 wants s3:DeleteObject on the bucket ARN. */
const commitDenied = fail('push', /unknown error completing upload: s3aws: AccessDenied/);
/** A missing link file answers 403 instead of 404 (no ListBucket covering the key): HEAD blob → 500. */
const missingKeyDenied = fail('push', /failed to read from destination repository[\s\S]*s3aws: AccessDenied/);
/** Each PATCH resumes the upload: ListMultipartUploads. */
const resumeDenied = fail('push', /error resolving upload: s3aws: AccessDenied/);
/** POST starts the upload: CreateMultipartUpload. */
const startDenied = fail('push', /initiating layer upload[\s\S]*s3aws: AccessDenied/);
const storageUntrusted = fail('push', /s3aws: RequestError: send request failed[\s\S]*x509: certificate signed by unknown authority/);
const clientUntrusted = fail(
  'pull',
  /reading blob sha256:[0-9a-f]{64}: Get \\?"https:\/\/127\.0\.0\.1:\d+\/mx-[^"]*X-Amz-Signature=[0-9a-f]{64}\\?": x509: certificate signed by unknown authority/,
);

const policyCases: MatrixCase[] = (['union', 'distribution', 'dtr-doc'] as const).flatMap((flavor) =>
  (['user-policy', 'bucket-policy'] as const).flatMap((kind) =>
    [false, true].map((scoped) => ({
      id: `${kind === 'user-policy' ? 'up' : 'bp'}-${flavor}-${scoped ? 'scoped' : 'bucket'}`,
      title: `${flavor} policy (the app's RGW form)${scoped ? ', scoped to the root directory' : ''}, as ${kind === 'user-policy' ? 'a user policy' : 'a bucket policy'} (non-owner)`,
      principal: { kind, flavor, scoped },
      registry: pass,
    })),
  ),
);

/** The registry's outcome with one action taken out of the union policy. */
const withoutOutcome: Record<(typeof driverActions)[number], RegistryExpectation> = {
  's3:ListBucket': missingKeyDenied,
  // The driver never asks for the bucket's location.
  's3:GetBucketLocation': pass,
  's3:ListBucketMultipartUploads': resumeDenied,
  's3:PutObject': startDenied,
  // RGW: the registry user owns every object it wrote, and an object's owner may read it by its ACL.
  's3:GetObject': pass,
  's3:DeleteObject': commitDenied,
  // RGW: the initiator of an upload may list its parts.
  's3:ListMultipartUploadParts': pass,
  // The driver aborts only after a failed commit.
  's3:AbortMultipartUpload': pass,
};

/** The AWS shape of the policy on RGW: what the app would give without knowing the server. */
const awsShapeCases: MatrixCase[] = [
  {
    id: 'up-union-aws-shape',
    title: 'union policy in its AWS shape (no bucket-ARN DeleteObject), as a user policy (non-owner)',
    principal: { kind: 'user-policy', flavor: 'union', scoped: false, target: 'aws' },
    registry: commitDenied,
  },
  {
    id: 'bp-union-aws-shape-scoped',
    title: 'union policy in its AWS shape, scoped (prefix-conditioned ListBucket), as a bucket policy (non-owner)',
    principal: { kind: 'bucket-policy', flavor: 'union', scoped: true, target: 'aws' },
    registry: missingKeyDenied,
  },
];

const actionCases: MatrixCase[] = driverActions.map((action) => ({
  id: `without-${action.slice(3).toLowerCase()}`,
  title: `union policy (RGW form) without ${action} in every statement, as a bucket policy (non-owner)`,
  principal: { kind: 'bucket-policy', flavor: 'union', scoped: false, without: action },
  registry: withoutOutcome[action],
}));

const otherCases: MatrixCase[] = [
  { id: 'owner', title: 'bucket owner, no policy (RGW default)', principal: { kind: 'owner' }, registry: pass },
  {
    id: 'deny-list-uploads',
    title: 'owner with an explicit Deny on s3:ListBucketMultipartUploads',
    principal: { kind: 'owner', deny: ['s3:ListBucketMultipartUploads'] },
    registry: resumeDenied,
  },
  {
    id: 'deny-abort',
    title: 'owner with an explicit Deny on s3:AbortMultipartUpload (the driver aborts only on failure)',
    principal: { kind: 'owner', deny: ['s3:AbortMultipartUpload'] },
    registry: pass,
  },
  {
    id: 'no-ca',
    title: 'private storage CA not given (registry and check trust the system roots only)',
    principal: { kind: 'owner' },
    ca: 'none',
    registry: storageUntrusted,
  },
  {
    id: 'wrong-ca',
    title: 'the wrong CA given for the storage endpoint',
    principal: { kind: 'owner' },
    ca: 'wrong',
    registry: storageUntrusted,
  },
  {
    id: 'client-ca-missing',
    title: 'registry skips TLS verification, no CA given: clients get no storage CA',
    principal: { kind: 'owner' },
    ca: 'none',
    config: { skipverify: true },
    registry: clientUntrusted,
  },
  {
    id: 'client-ca-wrong',
    title: 'registry skips TLS verification, the wrong CA given: clients get the wrong storage CA',
    principal: { kind: 'owner' },
    ca: 'wrong',
    config: { skipverify: true },
    registry: clientUntrusted,
  },
  {
    id: 'insecure-registry',
    title: 'registry skips TLS verification, no CA, clients list the registry as insecure (no client verifies storage either)',
    principal: { kind: 'owner' },
    ca: 'none',
    config: { skipverify: true },
    trust: 'insecure-registry',
    registry: pass,
  },
  { id: 'skipverify', title: 'skipverify with the right CA (clients still get it)', principal: { kind: 'owner' }, config: { skipverify: true }, registry: pass },
  { id: 'no-redirect', title: 'redirect disabled (the registry streams blobs)', principal: { kind: 'owner' }, trust: 'disable-redirect', registry: pass },
  {
    id: 'no-redirect-skipverify',
    title: 'redirect disabled, skipverify, no CA: clients never reach storage',
    principal: { kind: 'owner' },
    ca: 'none',
    config: { skipverify: true },
    trust: 'disable-redirect',
    registry: pass,
  },
  {
    id: 'kms',
    title: 'encrypt with a KMS key RGW knows (testing backend): RGW 16 refuses CopyObject of SSE-KMS objects',
    principal: { kind: 'owner' },
    config: { encrypt: true, keyid: 'testkey-1' },
    registry: fail('push', /unknown error completing upload: s3aws: NotImplemented/),
  },
  {
    id: 'kms-unknown-key',
    title: 'encrypt with a KMS key RGW does not know',
    principal: { kind: 'owner' },
    config: { encrypt: true, keyid: 'no-such-key' },
    registry: fail('push', /initiating layer upload[\s\S]*s3aws: InvalidAccessKeyId: Failed to retrieve the actual key, kms-keyid: no-such-key/),
  },
  { id: 'sse-s3', title: 'encrypt without a key id (SSE-S3, AES256)', principal: { kind: 'owner' }, config: { encrypt: true }, registry: pass },
  {
    id: 'storageclass-refused',
    title: 'storage class REDUCED_REDUNDANCY, which this RGW has no placement for',
    principal: { kind: 'owner' },
    config: { storageclass: 'REDUCED_REDUNDANCY' },
    registry: fail('push', /initiating layer upload[\s\S]*s3aws: InvalidArgument/),
  },
  {
    id: 'chunk-min',
    title: 'chunksize 5 MiB (the minimum) with a 12 MiB layer: three parts',
    principal: { kind: 'owner' },
    config: { chunksize: 5 * MIB },
    layerBytes: 12 * MIB,
    registry: pass,
  },
  {
    id: 'chunk-below-min',
    title: 'chunksize 5 MiB - 1 byte',
    principal: { kind: 'owner' },
    config: { chunksize: 5 * MIB - 1 },
    registry: fail('start', /panic: the chunksize 5242879 parameter should be a number between 5242880 and 5368709120/),
  },
];

export const matrixCases: MatrixCase[] = [...otherCases.slice(0, 1), ...policyCases, ...awsShapeCases, ...actionCases, ...otherCases.slice(1)];
