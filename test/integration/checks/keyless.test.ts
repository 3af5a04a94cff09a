import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { checkRunPassed, probeIds } from '../../../shared/checks';
import { isKeylessNotVerified, keylessRunnableProbes } from '../../../shared/keyless';
import { runChecks } from '../../../electron/services/checks/runner';
import { adminClient, createBucket, probe, rgwConfig, rgwCredentials, uniqueBucket } from './helpers';

const rgw = inject('rgw');
const bucket = uniqueBucket('checks-keyless');

beforeAll(() => createBucket(rgw, bucket));

describe('a keyless config against a real RGW: only what needs no identity runs', () => {
  it('DNS, TCP, TLS and the clock run unsigned; the rest say what they did not verify; the keys given are never used', async () => {
    // Valid keys are passed on purpose: with them every probe would pass, so a green push here would be a lie.
    const config = rgwConfig(rgw, { bucket, provider: 'aws', keyless: true, rootdirectory: '/registry' });
    const result = await runChecks(config, rgwCredentials(rgw));
    expect(result.probes.map((p) => [p.id, p.status])).toEqual(probeIds.map((id) => [id, keylessRunnableProbes.includes(id) ? 'pass' : 'skipped']));
    // The clock was measured from RGW's answer to an unsigned HeadBucket (403 carries a Date too).
    expect(typeof probe(result, 'clock').evidence.offsetMs).toBe('number');
    for (const id of probeIds.filter((p) => !keylessRunnableProbes.includes(p))) {
      const skipped = probe(result, id);
      expect([isKeylessNotVerified(skipped), skipped.diagnosis?.code, skipped.durationMs]).toEqual([true, id === 'credentials' ? 'KEYLESS_IMDSV1_REQUIRED' : 'KEYLESS_NOT_VERIFIED', 0]);
    }
    expect(checkRunPassed(result)).toBe(true);
    // Nothing was written as anybody: the push probe would have left its objects' traces under the root.
    const admin = adminClient(rgw);
    const listed = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
    admin.destroy();
    expect(listed.KeyCount ?? 0).toBe(0);
  });
});
