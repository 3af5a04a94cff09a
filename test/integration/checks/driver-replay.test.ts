import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecks } from '../../../electron/services/checks/runner';
import { createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket, userWithBucketPolicy, userWithDeny } from './helpers';

/**
 * The probes that replay the Distribution S3 driver's calls, each failure produced for real on RGW:
 * a bucket policy for a second user, a user policy with an explicit Deny (what RGW enforces on its
 * owner), a storage class RGW does not have, and an endpoint the modelled Docker client does not trust.
 */
const rgw = inject('rgw');
const bucket = uniqueBucket('checks-replay');
const arn = (b: string) => `arn:aws:s3:::${b}`;

beforeAll(async () => {
  await createBucket(rgw, bucket);
});

describe('push: the driver\'s calls, each denial named', () => {
  it('a missing key answers 403 under a prefix-scoped ListBucket (RGW 16): MISSING_KEY_FORBIDDEN, "500 to every push"', async () => {
    // The Distribution policy scoped to the root, granted to a second user through a bucket policy.
    const own = uniqueBucket('checks-scoped');
    await createBucket(rgw, own);
    const objectActions = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'];
    const { keys } = await userWithBucketPolicy(rgw, own, (b, principal) => [
      { Effect: 'Allow', Principal: { AWS: [principal] }, Action: objectActions, Resource: [`${arn(b)}/*`] },
      { Effect: 'Allow', Principal: { AWS: [principal] }, Action: ['s3:ListBucket'], Resource: [arn(b)], Condition: { StringLike: { 's3:prefix': ['reg/*', 'reg'] } } },
    ]);
    const result = await runChecks(rgwConfig(rgw, { bucket: own, rootdirectory: 'reg' }), keys, { only: ['missing-key', 'list'] });
    const missing = probe(result, 'missing-key');
    expect([missing.status, missing.diagnosis?.code, missing.evidence.httpStatus, missing.evidence.iamAction]).toEqual(['fail', 'MISSING_KEY_FORBIDDEN', 403, 's3:ListBucket']);
    expect(missing.evidence.key).toMatch(/^reg\/docker\/registry\/v2\/repositories\/.+\/_layers\/sha256\/[0-9a-f]{64}\/link$/);
    expect(missing.diagnosis?.message).toContain('answer 500 to every push');
    expect(missing.diagnosis?.message).toContain('AccessDenied, HTTP 403');
    expect(missing.diagnosis?.fix).toContain(`s3:ListBucket on ${arn(own)} covering the prefix reg/`);
    expect(missing.diagnosis?.fix).toContain('without the condition');
    // The listings themselves are within the prefix, so they pass: only the missing key tells.
    expect(probe(result, 'list').status).toBe('pass');
    expect(result.leftovers).toEqual([]);
  });

  it('DeleteObjects refused when s3:DeleteObject is denied on the bucket ARN (RGW\'s rule); the sweep still cleans up', async () => {
    // Only the bucket ARN: single DeleteObject (object ARN) still works, DeleteObjects does not on RGW.
    const user = await userWithDeny(rgw, (b) => [{ Action: 's3:DeleteObject', Resource: [arn(b)] }]);
    const result = await runChecks(rgwConfig(rgw, { bucket: user.bucket, rootdirectory: 'reg' }), user.keys);
    const push = probe(result, 'push');
    expect([push.status, push.diagnosis?.code, push.evidence.operation, push.evidence.httpStatus]).toEqual(['fail', 'ACCESS_DENIED', 'DeleteObjects', 403]);
    expect(push.diagnosis?.message).toContain('s3:DeleteObject');
    expect(push.diagnosis?.message).toContain(`on Ceph RGW, ${arn(user.bucket)}`);
    expect(push.diagnosis?.message).toContain('bucket ARN');
    for (const id of ['missing-key', 'list', 'pull'] as const) expect([id, probe(result, id).status]).toEqual([id, 'pass']);
    expect(result.leftovers).toEqual([]);
    await expectNoProbeLeftovers(rgw, user.bucket, user.keys);
  });

  it('the driver\'s headers are sent: a storage class RGW does not define fails the very first write', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket, storageclass: 'REDUCED_REDUNDANCY' }), rgwCredentials(rgw), { only: ['push', 'pull'] });
    for (const id of ['push', 'pull'] as const) {
      const p = probe(result, id);
      expect([id, p.status, p.evidence.operation, p.evidence.httpStatus]).toEqual([id, 'fail', 'PutObject', 400]);
      expect(p.evidence.errorCode).toBe('InvalidArgument'); // RGW 16's answer to an unknown storage class
    }
    // The same config without the header passes: the storage class alone made the difference.
    const plain = await runChecks(rgwConfig(rgw, { bucket, storageclass: 'NONE' }), rgwCredentials(rgw), { only: ['push', 'pull'] });
    expect(plain.probes.map((p) => p.status)).toEqual(['pass', 'pass']);
    expect(probe(plain, 'push').evidence.headers).toMatchObject({ acl: 'private', storageClass: '(none sent)' });
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('v3 mode replays v3\'s calls (Stat = HeadObject, listings with ListObjectsV2) and passes', async () => {
    const result = await runChecks(rgwConfig(rgw, { bucket, rootdirectory: 'v3' }), rgwCredentials(rgw), { driver: '3', only: ['missing-key', 'push', 'list', 'pull'] });
    expect(result.probes.map((p) => [p.id, p.status])).toEqual([['missing-key', 'pass'], ['push', 'pass'], ['list', 'pass'], ['pull', 'pass']]);
    const list = probe(result, 'list').evidence as { list: { operation: string }; stat: { calls: string[] } };
    expect([list.list.operation, list.stat.calls]).toEqual(['ListObjectsV2', ['HeadObject', 'ListObjectsV2']]);
    expect(probe(result, 'push').evidence.calls).toEqual(expect.arrayContaining(['Stat (HeadObject)', 'ListObjectsV2', 'DeleteObjects']));
    await expectNoProbeLeftovers(rgw, bucket);
  });
});

describe('pull: the presigned redirect as a Docker client trusts it', () => {
  const https = (o: Record<string, unknown> = {}) => rgwConfig(rgw, { bucket, secure: true, regionendpoint: rgw.httpsEndpoint, ...o });

  it('the registry skips verification but clients were given no storage CA: CLIENT_UNTRUSTED_STORAGE', async () => {
    const result = await runChecks(https({ skipverify: true }), rgwCredentials(rgw), { only: ['pull'] });
    const pull = probe(result, 'pull');
    expect([pull.status, pull.diagnosis?.code]).toEqual(['fail', 'CLIENT_UNTRUSTED_STORAGE']);
    expect(pull.diagnosis?.message).toMatch(/307 to 127\.0\.0\.1:\d+ would fail/);
    expect(pull.evidence.clientTrust).toEqual([expect.stringMatching(/^the runtime's \d+ root certificates$/)]);
    expect(pull.diagnosis?.fix).toContain('disable redirect');
    expect(result.leftovers).toEqual([]);
  });

  it('with the storage CA laid out in certs.d/<dtr-host>/ (the "ca" choice) the presigned GET and HEAD pass', async () => {
    const result = await runChecks(https({ ca: rgw.caPem }), rgwCredentials(rgw), {
      only: ['pull'], clientTrust: { dtrHost: 'dtr.lab:4443', mode: 'ca', dtrCaPem: '' },
    });
    const pull = probe(result, 'pull');
    expect([pull.status, pull.evidence.getStatus, pull.evidence.headStatus, pull.evidence.contentVerified]).toEqual(['pass', 200, 200, true]);
    expect(pull.evidence.clientTrust).toEqual([expect.stringMatching(/root certificates$/), 'docker/certs.d/dtr.lab:4443/storage-ca.crt']);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('insecure-registry: the fetch works unverified, and says so', async () => {
    const result = await runChecks(https({ skipverify: true }), rgwCredentials(rgw), {
      only: ['pull'], clientTrust: { dtrHost: 'dtr.lab', mode: 'insecure-registry', dtrCaPem: '' },
    });
    expect([probe(result, 'pull').status, probe(result, 'pull').diagnosis?.code]).toEqual(['warn', 'CLIENT_TRUST_INSECURE']);
  });

  it('a presigned GET the server refuses (GetObject denied): PRESIGNED_REFUSED with the server\'s answer', async () => {
    const user = await userWithDeny(rgw, (b) => [{ Action: 's3:GetObject', Resource: [`${arn(b)}/*`] }]);
    const result = await runChecks(rgwConfig(rgw, { bucket: user.bucket }), user.keys, { only: ['pull'] });
    const pull = probe(result, 'pull');
    expect([pull.status, pull.diagnosis?.code, pull.diagnosis?.cause, pull.evidence.getStatus]).toEqual(['fail', 'PRESIGNED_REFUSED', 'AccessDenied', 403]);
    expect(pull.diagnosis?.message).toContain('AccessDenied, HTTP 403');
    expect(pull.diagnosis?.fix).toContain('s3:GetObject');
    expect(result.leftovers).toEqual([]);
    await user.lift();
    await expectNoProbeLeftovers(rgw, user.bucket, user.keys);
  });

  it('redirects disabled (config or trust choice): skipped, with the reason', async () => {
    for (const run of [
      runChecks(rgwConfig(rgw, { bucket, redirect: { disable: true } }), rgwCredentials(rgw), { only: ['pull'] }),
      runChecks(rgwConfig(rgw, { bucket }), rgwCredentials(rgw), { only: ['pull'], clientTrust: { dtrHost: 'dtr.lab', mode: 'disable-redirect', dtrCaPem: '' } }),
    ]) {
      const pull = probe(await run, 'pull');
      expect([pull.status, pull.evidence.blockedBy]).toEqual(['skipped', undefined]);
      expect(pull.evidence.reason).toMatch(/^Redirects are disabled/);
    }
  });
});
