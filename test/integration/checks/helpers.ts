import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type { CheckRunResult, ProbeId, ProbeResult } from '../../../shared/checks';
import { storageConfigSchema, type StorageConfig, type StorageConfigInput } from '../../../shared/storage-config';
import type { RgwInfo } from '../../services/rgw';

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
