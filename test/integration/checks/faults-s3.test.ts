import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket, userWithDeny } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-s3');
const s3Probes = ['credentials', 'bucket-region', 'missing-key', 'push', 'list', 'pull'] as const;

beforeAll(async () => {
  await createBucket(rgw, bucket);
});

describe('credential and bucket faults against RGW', () => {
  it('a wrong secret key: SignatureDoesNotMatch, and the probes that need it are skipped', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket }), { accessKeyId: rgw.accessKey, secretAccessKey: 'not-the-secret-key' });
    const credentials = probe(result, 'credentials');
    expect([credentials.status, credentials.diagnosis?.code, credentials.diagnosis?.cause]).toEqual(['fail', 'SIGNATURE_MISMATCH', 'SignatureDoesNotMatch']);
    expect(credentials.diagnosis?.message).not.toContain('not-the-secret-key');
    for (const id of ['bucket-region', 'missing-key', 'push', 'list', 'pull'] as const) {
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

  it('a missing bucket: NoSuchBucket from each replayed call, and only a warning from the advisory bucket probe', async () => {
    const missing = uniqueBucket('checks-missing');
    const result = await runChecks(rgwConfig(rgw, { bucket: missing }), rgwCredentials(rgw));
    expect(probe(result, 'credentials').status).toBe('pass');
    const region = probe(result, 'bucket-region');
    expect([region.status, region.diagnosis?.code]).toEqual(['warn', 'NO_SUCH_BUCKET']);
    for (const id of ['missing-key', 'push', 'list', 'pull'] as const) {
      const p = probe(result, id);
      expect([id, p.status, p.diagnosis?.code]).toEqual([id, 'fail', 'NO_SUCH_BUCKET']);
      expect(p.diagnosis?.message).toContain(missing);
    }
    expect(result.leftovers).toEqual([]);
  });

  it('a region that differs from the bucket\'s: a warning (advice: the registry never asks for the region)', async () => {
    const compatible = await runChecks(rgwConfig(rgw, { bucket, region: 'eu-central-1' }), rgwCredentials(rgw), { only: ['bucket-region'] });
    const warned = probe(compatible, 'bucket-region');
    expect([warned.status, warned.diagnosis?.code, warned.evidence.bucketRegion]).toEqual(['warn', 'WRONG_REGION', rgw.region]);
    expect(warned.diagnosis?.fix).toBe(`Set the region to ${rgw.region}.`);
    const aws = await runChecks(rgwConfig(rgw, { bucket, region: 'eu-central-1', provider: 'aws' }), rgwCredentials(rgw), { only: ['bucket-region'] });
    expect([probe(aws, 'bucket-region').status, probe(aws, 'bucket-region').diagnosis?.code]).toEqual(['warn', 'WRONG_REGION']);
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
  it('AccessDenied on ListMultipartUploads (the writer\'s resume), naming s3:ListBucketMultipartUploads; the uploads are still aborted', async () => {
    const user = await userWithDeny(rgw, (b) => [{ Action: 's3:ListBucketMultipartUploads', Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`] }]);
    const result = await runChecks(rgwConfig(rgw, { bucket: user.bucket, rootdirectory: 'reg' }), user.keys);
    const push = probe(result, 'push');
    expect([push.status, push.diagnosis?.code, push.evidence.operation, push.evidence.iamAction]).toEqual(['fail', 'ACCESS_DENIED', 'ListMultipartUploads', 's3:ListBucketMultipartUploads']);
    expect(push.diagnosis?.message).toContain(`s3:ListBucketMultipartUploads on arn:aws:s3:::${user.bucket}`);
    expect(push.diagnosis?.message).toContain('AccessDenied, HTTP 403');
    expect(push.diagnosis?.fix).toContain('s3:ListBucketMultipartUploads');
    for (const id of ['credentials', 'bucket-region', 'missing-key', 'list', 'pull'] as const) expect([id, probe(result, id).status]).toEqual([id, 'pass']);
    // The sweep aborted the uploads by their ids (listing uploads is the very thing denied). To look for
    // leftovers ourselves, lift the Deny first.
    expect(result.leftovers).toEqual([]);
    await user.lift();
    await expectNoProbeLeftovers(rgw, user.bucket, user.keys);
  });
});
