import { describe, expect, it } from 'vitest';
import {
  createRegistryPolicy,
  partitions,
  policyFlavors,
  registryPermissionProbes,
  type Partition,
  type PolicyFlavor,
} from '../../../shared/iam-policy';
import { decide } from './simulate';

/**
 * The policy's MEANING, proved with an independent IAM evaluator (@cloud-copilot/iam-simulate), not by
 * comparing strings. The driver's calls are listed here from the domain notes, independently of the
 * generator, so a generator that drops an action fails.
 */
const bucket = 'dtr-images';

/** Driver call → IAM action and ARN kind (Distribution's S3 driver, see shared notes). */
const bucketLevel = ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'];
const objectLevel = [
  's3:PutObject', // PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, CopyObject (dest)
  's3:GetObject', // GetObject (Range), HeadObject, CopyObject (source), presigned GET/HEAD
  's3:DeleteObject', // DeleteObjects
  's3:ListMultipartUploadParts', // ListParts, to resume an upload
  's3:AbortMultipartUpload',
];
const multipartGap = ['s3:ListMultipartUploadParts', 's3:AbortMultipartUpload'];

const roots = ['', 'registry/prod'];
const combos = policyFlavors.flatMap((flavor) =>
  partitions.flatMap((partition) => roots.map((root) => ({ flavor, partition, root }))),
);

function arns(partition: Partition, root: string) {
  const base = `arn:${partition}:s3:::${bucket}`;
  const inRoot = root ? `${root}/` : '';
  return {
    bucket: base,
    object: `${base}/${inRoot}docker/registry/v2/blobs/sha256/ab/abcd/data`,
    listPrefix: `${inRoot}docker/registry/v2/repositories/`,
    otherBucketObject: `arn:${partition}:s3:::someone-elses-bucket/${inRoot}docker/registry/v2/x`,
  };
}

const expectedAllowedObjectActions = (flavor: PolicyFlavor) =>
  flavor === 'dtr-doc' ? objectLevel.filter((a) => !multipartGap.includes(a)) : objectLevel;

describe.each(combos)('policy $flavor / $partition / root "$root"', ({ flavor, partition, root }) => {
  const policy = createRegistryPolicy({ bucket, partition, flavor, rootDirectory: root });
  const arn = arns(partition, root);

  it('allows every bucket-level action the driver calls, on the bucket ARN', async () => {
    for (const action of bucketLevel) {
      const context: Record<string, string> = action === 's3:ListBucket' ? { 's3:prefix': arn.listPrefix } : {};
      expect(await decide(policy, partition, action, arn.bucket, context), action).toBe('Allowed');
    }
  });

  it('allows the object actions the driver calls, on an object under the root directory', async () => {
    for (const action of expectedAllowedObjectActions(flavor)) {
      expect(await decide(policy, partition, action, arn.object), action).toBe('Allowed');
    }
  });

  it('denies DeleteBucket, PutBucketPolicy and object actions on another bucket', async () => {
    expect(await decide(policy, partition, 's3:DeleteBucket', arn.bucket)).toBe('ImplicitlyDenied');
    expect(await decide(policy, partition, 's3:PutBucketPolicy', arn.bucket)).toBe('ImplicitlyDenied');
    for (const action of objectLevel) {
      expect(await decide(policy, partition, action, arn.otherBucketObject), action).toBe('ImplicitlyDenied');
    }
  });

  it('grants nothing in another partition', async () => {
    const other = partitions.find((p) => p !== partition) ?? 'aws';
    const foreign = arns(other, root);
    expect(await decide(policy, other, 's3:GetObject', foreign.object)).toBe('ImplicitlyDenied');
  });

  if (root !== '') it('denies objects and listings outside the root directory', async () => {
    const outside = `arn:${partition}:s3:::${bucket}/other/docker/registry/v2/x`;
    for (const action of objectLevel) {
      expect(await decide(policy, partition, action, outside), action).toBe('ImplicitlyDenied');
    }
    // a sibling whose name merely starts with the root must not match either
    expect(await decide(policy, partition, 's3:GetObject', `arn:${partition}:s3:::${bucket}/${root}-sibling/x`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide(policy, partition, 's3:ListBucket', arn.bucket, { 's3:prefix': 'other/' })).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide(policy, partition, 's3:ListBucket', arn.bucket, { 's3:prefix': root })).toBe('Allowed');
  });

  if (flavor === 'dtr-doc') it('lacks the two multipart actions (the documented gap)', async () => {
    for (const action of multipartGap) {
      expect(await decide(policy, partition, action, arn.object), action).toBe('ImplicitlyDenied');
    }
  });

  if (flavor === 'union') it('allows ListAllMyBuckets (DTR documents it)', async () => {
    expect(await decide(policy, partition, 's3:ListAllMyBuckets', '*')).toBe('Allowed');
  });

  if (flavor === 'dtr-doc') it('keeps the documented ListAllMyBuckets resource, which the evaluator does not match', async () => {
    // Recorded, not endorsed: the doc's arn:<p>:s3:::* does not cover the action's "*" resource here.
    expect(policy.Statement[0]).toMatchObject({ Action: ['s3:ListAllMyBuckets'], Resource: [`arn:${partition}:s3:::*`] });
    expect(await decide(policy, partition, 's3:ListAllMyBuckets', '*')).toBe('ImplicitlyDenied');
  });

  if (flavor === 'distribution') it('does not allow ListAllMyBuckets', async () => {
    expect(await decide(policy, partition, 's3:ListAllMyBuckets', '*')).toBe('ImplicitlyDenied');
  });

  it('is what the generator\'s own verification probes claim', async () => {
    const probes = registryPermissionProbes({ bucket, partition, flavor, rootDirectory: root });
    for (const probe of probes.allowed) {
      expect(await decide(policy, partition, probe.action, probe.resource, probe.context), probe.action).toBe('Allowed');
    }
    for (const probe of probes.denied) {
      expect(await decide(policy, partition, probe.action, probe.resource), probe.action).toBe('ImplicitlyDenied');
    }
  });
});

describe('union', () => {
  it('allows every action that either of the other flavours allows', async () => {
    for (const partition of partitions) {
      const union = createRegistryPolicy({ bucket, partition, flavor: 'union' });
      const arn = arns(partition, '');
      for (const action of [...bucketLevel, 's3:ListAllMyBuckets']) {
        const resource = action === 's3:ListAllMyBuckets' ? '*' : arn.bucket;
        const context: Record<string, string> = action === 's3:ListBucket' ? { 's3:prefix': arn.listPrefix } : {};
        expect(await decide(union, partition, action, resource, context), action).toBe('Allowed');
      }
      for (const action of objectLevel) {
        expect(await decide(union, partition, action, arn.object), action).toBe('Allowed');
      }
    }
  });
});
