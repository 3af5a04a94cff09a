import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { probeIds, summarizeCheckRun, type ProbeId } from '../../../shared/checks';
import type { ProgressEvent } from '../../../shared/contract';
import { runChecks } from '../../../electron/services/checks/runner';
import { adminClient, createBucket, expectNoProbeLeftovers, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-pass');

beforeAll(async () => {
  await createBucket(rgw, bucket);
  // Something for the list probe to find under the root directory, as a used registry would have.
  const admin = adminClient(rgw);
  await admin.send(new PutObjectCommand({ Bucket: bucket, Key: 'registry/docker/registry/v2/repositories/app/_layers/link', Body: 'x' }));
  admin.destroy();
});

describe('every probe passes against a healthy RGW', () => {
  it('over plain HTTP, with progress events for every probe and nothing left behind', async () => {
    const events: ProgressEvent[] = [];
    const config = rgwConfig(rgw, { bucket, rootdirectory: '/registry' });
    const result = await runChecks(config, rgwCredentials(rgw), { onProgress: (e) => events.push(e) });
    expect(result.probes.map((p) => [p.id, p.status, p.diagnosis?.message])).toEqual(
      probeIds.map((id) => [id, 'pass', undefined]),
    );
    expect(probe(result, 'tls').evidence.plainHttpAnswer).toMatch(/^HTTP\/1\.1 /);
    expect(probe(result, 'bucket-region').evidence.bucketRegion).toBe(rgw.region);
    const push = probe(result, 'push').evidence;
    expect(push.keys).toEqual(expect.arrayContaining([expect.stringMatching(/^registry\/dtr-s3-assistant-probe\/.+\/push\/_uploads\/data$/)]));
    expect([push.driver, push.contentVerified]).toEqual(['2.8', true]);
    expect(push.calls).toEqual(expect.arrayContaining(['ListMultipartUploads', 'ListParts', 'CopyObject', 'UploadPartCopy', 'ListObjects', 'DeleteObjects']));
    // The registry's own prefixes under the root: List and Walk of the repositories directory.
    const list = probe(result, 'list').evidence as { list: { operation: string; prefix: string; repositories: string[] }; stat: { calls: string[] } };
    expect([list.list.operation, list.list.prefix, list.stat.calls]).toEqual(['ListObjects', 'registry/docker/registry/v2/repositories/', ['ListObjects']]);
    expect(list.list.repositories).toContain('registry/docker/registry/v2/repositories/app/');
    expect(probe(result, 'missing-key').evidence.answer).toBe('NoSuchKey, HTTP 404');
    expect(Math.abs(probe(result, 'clock').evidence.offsetMs as number)).toBeLessThan(2_000);
    for (const id of probeIds) {
      const mine = events.filter((e) => e.step === id).map((e) => e.status);
      expect(mine, `progress of ${id}`).toEqual(['running', 'pass']);
    }
    expect(result.leftovers).toEqual([]);
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('over HTTPS with the throwaway CA: the chain, trust by the given CA and the host name are reported', async () => {
    const config = rgwConfig(rgw, { bucket, regionendpoint: rgw.httpsEndpoint, secure: true, ca: rgw.caPem });
    const result = await runChecks(config, rgwCredentials(rgw));
    // The test RGW's certificate lives 7 days: the TLS probe rightly warns that it expires soon.
    expect(result.probes.filter((p) => p.status !== 'pass').map((p) => [p.id, p.status, p.diagnosis?.code])).toEqual([
      ['tls', 'warn', 'TLS_CERT_EXPIRING'],
    ]);
    const tls = probe(result, 'tls').evidence;
    expect(tls.trustedByGivenCa).toBe('yes');
    expect(tls.trustedBySystem).toMatch(/^no \(/);
    expect(tls.hostnameValid).toBe('yes');
    const chain = tls.chain as { subject: string; subjectAltNames: string[] }[];
    expect(chain[0]?.subject).toContain('CN=localhost');
    expect(chain[0]?.subjectAltNames).toContain('IP Address:127.0.0.1');
    await expectNoProbeLeftovers(rgw, bucket);
  });

  it('runs only the probes asked for, and the summary has exactly the --json shape', async () => {
    const only: ProbeId[] = ['dns', 'push'];
    const result = await runChecks(rgwConfig(rgw, { bucket }), rgwCredentials(rgw), { only });
    const summary = summarizeCheckRun(result);
    expect(summary.probes.map((p) => Object.keys(p).sort())).toEqual([
      ['durationMs', 'id', 'status'],
      ['durationMs', 'id', 'status'],
    ]);
    expect(summary.probes.map((p) => [p.id, p.status])).toEqual([['dns', 'pass'], ['push', 'pass']]);
    expect(Object.keys(summary).sort()).toEqual(['probes', 'totalMs']);
  });

  it('uses a named profile from the shared credentials file through the SDK chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checks-profile-'));
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
    const savedImds = process.env.AWS_EC2_METADATA_DISABLED;
    writeFileSync(join(dir, 'credentials'), `[dtr-test]\naws_access_key_id = ${rgw.accessKey}\naws_secret_access_key = ${rgw.secretKey}\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    // Never let the chain fall through to the EC2 metadata service (169.254.169.254) from a test.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const ok = await runChecks(rgwConfig(rgw, { bucket }), undefined, { awsProfile: 'dtr-test', only: ['credentials', 'list'] });
      expect(ok.probes.map((p) => p.status)).toEqual(['pass', 'pass']);
      const missing = await runChecks(rgwConfig(rgw, { bucket }), undefined, { awsProfile: 'no-such-profile', only: ['credentials'] });
      expect([missing.probes[0]?.status, missing.probes[0]?.diagnosis?.code]).toEqual(['fail', 'NO_CREDENTIALS']);
    } finally {
      if (saved === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      else process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
      if (savedImds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
      else process.env.AWS_EC2_METADATA_DISABLED = savedImds;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the AWS SDK credential chain (here: the environment) when no keys are given', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = rgw.accessKey;
    process.env.AWS_SECRET_ACCESS_KEY = rgw.secretKey;
    try {
      const result = await runChecks(rgwConfig(rgw, { bucket }), undefined, { only: ['credentials', 'push'] });
      expect(result.probes.map((p) => p.status)).toEqual(['pass', 'pass']);
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
