import { randomUUID } from 'node:crypto';
import { DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { radosgwAdmin } from '../../services/rgw';
import { createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-s3');
const s3Probes = ['credentials', 'bucket-region', 'object-rw', 'list', 'multipart'] as const;

beforeAll(async () => {
  await createBucket(rgw, bucket);
});

describe('credential and bucket faults against RGW', () => {
  it('a wrong secret key: SignatureDoesNotMatch, and the probes that need it are skipped', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket }), { accessKeyId: rgw.accessKey, secretAccessKey: 'not-the-secret-key' });
    const credentials = probe(result, 'credentials');
    expect([credentials.status, credentials.diagnosis?.code, credentials.diagnosis?.cause]).toEqual(['fail', 'SIGNATURE_MISMATCH', 'SignatureDoesNotMatch']);
    expect(credentials.diagnosis?.message).not.toContain('not-the-secret-key');
    for (const id of ['bucket-region', 'object-rw', 'list', 'multipart'] as const) {
      expect(probe(result, id).evidence.blockedBy).toBe('credentials');
    }
    expect(probe(result, 'clock').status).toBe('pass'); // an error answer still carries a Date
    expect(result.leftovers).toEqual([]);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('an unknown access key: InvalidAccessKeyId', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket }), { accessKeyId: 'NOSUCHKEY0000000', secretAccessKey: rgw.secretKey });
    expect([probe(result, 'credentials').status, probe(result, 'credentials').diagnosis?.code]).toEqual(['fail', 'UNKNOWN_ACCESS_KEY']);
    expect(result.leftovers).toEqual([]);
  });

  it('a missing bucket: NoSuchBucket from the bucket probe, the object probes skipped', async () => {
    const missing = uniqueBucket('checks-missing');
    const result = await runChecks(rgwConfig(rgw, { bucket: missing }), rgwCredentials(rgw));
    expect(probe(result, 'credentials').status).toBe('pass');
    const region = probe(result, 'bucket-region');
    expect([region.status, region.diagnosis?.code]).toEqual(['fail', 'NO_SUCH_BUCKET']);
    expect(region.diagnosis?.message).toContain(missing);
    for (const id of ['object-rw', 'list', 'multipart'] as const) expect(probe(result, id).evidence.blockedBy).toBe('bucket-region');
    expect(result.leftovers).toEqual([]);
  });

  it('a region that differs from the bucket\'s: a warning for S3-compatible, a failure for AWS', async () => {
    const compatible = await runChecks(rgwConfig(rgw, { bucket, region: 'eu-central-1' }), rgwCredentials(rgw), { only: ['bucket-region'] });
    const warned = probe(compatible, 'bucket-region');
    expect([warned.status, warned.diagnosis?.code, warned.evidence.bucketRegion]).toEqual(['warn', 'WRONG_REGION', rgw.region]);
    expect(warned.diagnosis?.fix).toBe(`Set the region to ${rgw.region}.`);
    const aws = await runChecks(rgwConfig(rgw, { bucket, region: 'eu-central-1', provider: 'aws' }), rgwCredentials(rgw), { only: ['bucket-region'] });
    expect([probe(aws, 'bucket-region').status, probe(aws, 'bucket-region').diagnosis?.code]).toEqual(['fail', 'WRONG_REGION']);
  });
});

describe('clock skew (injected through the SDK\'s systemClockOffset: this client signs as if its clock were off)', () => {
  it('20 minutes ahead: RGW answers RequestTimeTooSkewed and the clock probe shows the measured offset', async () => {
    const offset = 20 * 60_000;
    const result = await runChecks(rgwConfig(rgw, { bucket }), rgwCredentials(rgw), { clockOffsetMs: offset });
    const clock = probe(result, 'clock');
    expect([clock.status, clock.diagnosis?.code]).toEqual(['fail', 'CLOCK_SKEW']);
    expect(Math.abs((clock.evidence.offsetMs as number) + offset)).toBeLessThan(2_000);
    expect(clock.diagnosis?.message).toMatch(/20\.0 min ahead of/);
    expect(probe(result, 'credentials').evidence.ownOutcome).toBe('RequestTimeTooSkewed');
    // Asked alone, the credentials probe names the skew itself, with the offset it measured.
    const alone = await runChecks(rgwConfig(rgw, { bucket }), rgwCredentials(rgw), { clockOffsetMs: offset, only: ['credentials'] });
    const credentials = probe(alone, 'credentials');
    expect([credentials.diagnosis?.code, credentials.diagnosis?.cause]).toEqual(['CLOCK_SKEW', 'RequestTimeTooSkewed']);
    expect(credentials.diagnosis?.message).toMatch(/20\.0 min ahead of/);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('3 minutes behind: accepted by S3, but the clock probe warns', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket }), rgwCredentials(rgw), { clockOffsetMs: -3 * 60_000 });
    const clock = probe(result, 'clock');
    expect([clock.status, clock.diagnosis?.code]).toEqual(['warn', 'CLOCK_SKEW']);
    expect(clock.diagnosis?.message).toMatch(/3\.0 min behind/);
    for (const id of s3Probes) expect(probe(result, id).status).toBe('pass');
  });
});

describe('an explicit-Deny user policy (PutUserPolicy through RGW\'s IAM API)', () => {
  it('AccessDenied on ListMultipartUploads, naming s3:ListBucketMultipartUploads; the upload is still aborted', async () => {
    const uid = `denied-${randomUUID().slice(0, 8)}`;
    const keys = { accessKeyId: `DENY${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`, secretAccessKey: randomUUID() };
    await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${keys.accessKeyId}`, `--secret-key=${keys.secretAccessKey}`]);
    const ownBucket = uniqueBucket('checks-deny');
    const asUser = new S3Client({ region: rgw.region, endpoint: rgw.httpEndpoint, forcePathStyle: true, credentials: keys });
    await asUser.send(new CreateBucketCommand({ Bucket: ownBucket }));
    asUser.destroy();
    const iam = new IAMClient({ region: rgw.region, endpoint: rgw.httpEndpoint, credentials: rgwCredentials(rgw) });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: uid,
        PolicyName: 'deny-list-uploads',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 's3:ListBucketMultipartUploads', Resource: [`arn:aws:s3:::${ownBucket}`, `arn:aws:s3:::${ownBucket}/*`] }],
        }),
      }),
    );

    const result = await runChecks(rgwConfig(rgw, { bucket: ownBucket, rootdirectory: 'reg' }), keys);
    const multipart = probe(result, 'multipart');
    expect([multipart.status, multipart.diagnosis?.code, multipart.evidence.operation]).toEqual(['fail', 'ACCESS_DENIED', 'ListMultipartUploads']);
    expect(multipart.diagnosis?.message).toContain('s3:ListBucketMultipartUploads');
    expect(multipart.diagnosis?.fix).toContain('s3:ListBucketMultipartUploads');
    for (const id of ['credentials', 'bucket-region', 'object-rw', 'list'] as const) expect([id, probe(result, id).status]).toEqual([id, 'pass']);
    // The sweep aborted the upload by its id (listing uploads is the very thing denied). To look for
    // leftovers ourselves, lift the Deny first.
    expect(result.leftovers).toEqual([]);
    await iam.send(new DeleteUserPolicyCommand({ UserName: uid, PolicyName: 'deny-list-uploads' }));
    iam.destroy();
    await expectNoProbeLeftovers(rgw, ownBucket, keys);
  });
});
