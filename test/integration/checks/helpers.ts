import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import type { CheckRunResult, ProbeId, ProbeResult } from '../../../shared/checks';
import { storageConfigSchema, type StorageConfig, type StorageConfigInput } from '../../../shared/storage-config';
import { radosgwAdmin, type RgwInfo } from '../../services/rgw';

export const uniqueBucket = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** An admin client over plain HTTP (never the object of a test): creates buckets, inspects leftovers. */
export function adminClient(rgw: RgwInfo, credentials = rgwCredentials(rgw)): S3Client {
  return new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials });
}

export async function createBucket(rgw: RgwInfo, bucket: string): Promise<void> {
  const admin = adminClient(rgw);
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
}

export function rgwConfig(rgw: RgwInfo, overrides: Partial<StorageConfigInput> & { bucket: string }): StorageConfig {
  return storageConfigSchema.parse({
    provider: 's3-compatible',
    region: rgw.region,
    regionendpoint: rgw.httpEndpoint,
    forcepathstyle: true,
    secure: false,
    ...overrides,
  });
}

export const rgwCredentials = (rgw: RgwInfo) => ({ accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey });

export function probe(result: CheckRunResult, id: ProbeId): ProbeResult {
  const found = result.probes.find((p) => p.id === id);
  expect(found, `probe ${id} is reported`).toBeDefined();
  return found as ProbeResult;
}

/** Nothing the probes wrote may remain: no object and no multipart upload under the probe prefix. */
export async function expectNoProbeLeftovers(rgw: RgwInfo, bucket: string, owner = rgwCredentials(rgw)): Promise<void> {
  const admin = adminClient(rgw, owner);
  const [objects, uploads] = await Promise.all([
    admin.send(new ListObjectsV2Command({ Bucket: bucket })),
    admin.send(new ListMultipartUploadsCommand({ Bucket: bucket })),
  ]);
  admin.destroy();
  const probeObjects = (objects.Contents ?? []).filter((o) => o.Key?.includes('dtr-s3-assistant-probe/'));
  expect(probeObjects.map((o) => o.Key)).toEqual([]);
  expect((uploads.Uploads ?? []).map((u) => u.Key)).toEqual([]);
}

export interface DeniedUser {
  uid: string;
  keys: { accessKeyId: string; secretAccessKey: string };
  /** A bucket this user owns (RGW users usually get access as the bucket owner). */
  bucket: string;
  /** Remove the Deny again (to inspect leftovers as that user). */
  lift(): Promise<void>;
}

/**
 * A fresh RGW user owning a fresh bucket, with an explicit-Deny user policy (PutUserPolicy through
 * RGW's IAM API; RGW enforces user policies only as explicit Deny, test-services.md).
 */
export async function userWithDeny(rgw: RgwInfo, deny: (bucket: string) => { Action: string | string[]; Resource: string[] }[]): Promise<DeniedUser> {
  const uid = `denied-${randomUUID().slice(0, 8)}`;
  const keys = { accessKeyId: `DENY${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`, secretAccessKey: randomUUID() };
  await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${keys.accessKeyId}`, `--secret-key=${keys.secretAccessKey}`]);
  const bucket = uniqueBucket('checks-deny');
  const asUser = adminClient(rgw, keys);
  await asUser.send(new CreateBucketCommand({ Bucket: bucket }));
  asUser.destroy();
  const iam = () => new IAMClient({ region: rgw.region, endpoint: rgw.httpEndpoint, credentials: rgwCredentials(rgw) });
  const client = iam();
  await client.send(new PutUserPolicyCommand({
    UserName: uid,
    PolicyName: 'deny',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: deny(bucket).map((s) => ({ Effect: 'Deny', ...s })) }),
  }));
  client.destroy();
  return {
    uid,
    keys,
    bucket,
    async lift() {
      const c = iam();
      await c.send(new DeleteUserPolicyCommand({ UserName: uid, PolicyName: 'deny' }));
      c.destroy();
    },
  };
}

/**
 * A second RGW user with access to `bucket` only through the owner's bucket policy (the usual way an
 * RGW registry user gets access); `allow(bucket, principal)` gives the policy's statements.
 */
export async function userWithBucketPolicy(rgw: RgwInfo, bucket: string, allow: (bucket: string, principal: string) => object[]): Promise<{ keys: DeniedUser['keys'] }> {
  const uid = `grantee-${randomUUID().slice(0, 8)}`;
  const keys = { accessKeyId: `GRNT${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`, secretAccessKey: randomUUID() };
  await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${keys.accessKeyId}`, `--secret-key=${keys.secretAccessKey}`]);
  const admin = adminClient(rgw);
  await admin.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: allow(bucket, `arn:aws:iam:::user/${uid}`) }) }));
  admin.destroy();
  return { keys };
}
