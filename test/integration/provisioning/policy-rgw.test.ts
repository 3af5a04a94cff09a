import { randomUUID } from 'node:crypto';
import { GetUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { partitions, policyFlavors, renderRegistryPolicy } from '../../../shared/iam-policy';
import { radosgwAdmin } from '../../services/rgw';

/**
 * A real, independent policy parser: Ceph RGW's IAM user-policy API (PutUserPolicy on the S3 endpoint).
 * RGW enforces user policies only as explicit Deny, so this proves the documents are well-formed for a
 * real implementation, not what they allow (the evaluator tests in test/unit/policy do that).
 */
const rgw = inject('rgw');
const uid = `policy-${randomUUID().slice(0, 8)}`;
const iam = new IAMClient({
  region: rgw.region,
  endpoint: rgw.httpEndpoint,
  credentials: { accessKeyId: rgw.accessKey, secretAccessKey: rgw.secretKey },
  maxAttempts: 1,
});
const put = (name: string, document: string) =>
  iam.send(new PutUserPolicyCommand({ UserName: uid, PolicyName: name, PolicyDocument: document })).then(
    (r) => r.$metadata.httpStatusCode,
    (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode ?? 0,
  );

beforeAll(async () => {
  await radosgwAdmin(rgw, ['user', 'create', `--uid=${uid}`, `--display-name=${uid}`]);
});

describe("RGW's IAM policy parser", () => {
  it('accepts every flavour, whole-bucket and root-scoped, and stores it as sent', async () => {
    for (const flavor of policyFlavors) {
      for (const rootDirectory of ['', '/registry/prod']) {
        const document = renderRegistryPolicy({ bucket: 'dtr-images', rootDirectory, flavor });
        const name = `${flavor}-${rootDirectory ? 'scoped' : 'bucket'}`;
        expect(await put(name, document), name).toBe(200);
        const stored = await iam.send(new GetUserPolicyCommand({ UserName: uid, PolicyName: name }));
        expect(JSON.parse(decodeURIComponent(stored.PolicyDocument ?? '{}'))).toEqual(JSON.parse(document));
      }
    }
  });

  it('rejects a document with an unknown action (the check can fail)', async () => {
    const bad = renderRegistryPolicy({ bucket: 'dtr-images' }).replace('s3:GetObject"', 's3:GetObjectz"');
    expect(await put('bad', bad)).toBe(400);
  });

  it('takes the ARNs of all three partitions', async () => {
    const verdicts: string[] = [];
    for (const partition of partitions) {
      verdicts.push(`${partition}=${await put(`p-${partition}`, renderRegistryPolicy({ bucket: 'dtr-images', partition }))}`);
    }
    expect(verdicts).toEqual(partitions.map((partition) => `${partition}=200`));
  });
});
