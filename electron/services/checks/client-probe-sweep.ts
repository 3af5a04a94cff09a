import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../../../shared/storage-config';
import { clientProbeKeyPrefix, isExpiredClientProbe } from '../../../shared/trust/client-probe';

/**
 * Remove the objects `export --client-probe` wrote once their presigned URL has expired (the expiry is
 * in the key). A live probe stays: hosts may still run verify-client against it. One listing page
 * (1000 keys) per run bounds the work; a listing that fails (denied, unreachable) removes nothing.
 * Returns what could not be deleted, for the run's leftovers.
 */
export async function sweepExpiredClientProbes(s3: S3Client, config: StorageConfig, nowMs: number, signal: AbortSignal): Promise<string[]> {
  const prefix = clientProbeKeyPrefix(config.rootdirectory);
  const listed = await s3
    .send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, MaxKeys: 1000 }), { abortSignal: signal })
    .catch(() => undefined);
  const expired = (listed?.Contents ?? []).map((o) => o.Key ?? '').filter((key) => isExpiredClientProbe(config.rootdirectory, key, nowMs));
  const failed: string[] = [];
  await Promise.all(
    expired.map((key) =>
      s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }), { abortSignal: signal }).catch(() => failed.push(`object ${key} (an expired client probe)`)),
    ),
  );
  return failed;
}
