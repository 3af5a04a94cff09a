import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { diagnoseTransportError } from '../../shared/diagnosis';
import { storageConfigSchema } from '../../shared/storage-config';
import { createS3Client } from '../../electron/services/s3-client';

const rgw = inject('rgw');
const credentials = { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey };

function configFor(ca: string) {
  return storageConfigSchema.parse({
    provider: 's3-compatible',
    region: rgw.region,
    bucket: `plumbing-${randomUUID().slice(0, 8)}`,
    regionendpoint: rgw.httpsEndpoint,
    forcepathstyle: true,
    secure: true,
    ca,
  });
}

describe('S3 over HTTPS against a real RGW', () => {
  it('writes an object and reads the same bytes back when the throwaway CA is trusted', async () => {
    const config = configFor(rgw.caPem);
    const s3 = createS3Client(config, { credentials });
    const body = `plumbing ${randomUUID()}`;
    await s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: 'probe.txt', Body: body }));
    const read = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: 'probe.txt' }));
    expect(await read.Body?.transformToString()).toBe(body);
    // The SDK tags the credentials object it signs with; ours must come back untouched (strict schemas).
    expect(Object.keys(credentials)).toEqual(['accessKeyId', 'secretAccessKey']);
  });

  it('fails with a certificate error that names the problem when the CA is not given', async () => {
    const config = configFor('');
    const s3 = createS3Client(config, { credentials });
    const error = await s3
      .send(new PutObjectCommand({ Bucket: config.bucket, Key: 'probe.txt', Body: 'x' }))
      .then(
        () => undefined,
        (reason: unknown) => reason as NodeJS.ErrnoException,
      );
    expect(error, 'the request must not succeed without the CA').toBeDefined();
    expect(error?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const diagnosis = diagnoseTransportError(error?.code);
    expect(diagnosis?.code).toBe('TLS_UNKNOWN_CA');
    expect(diagnosis?.message).toMatch(/certificate signed by unknown authority/);
  });
});
