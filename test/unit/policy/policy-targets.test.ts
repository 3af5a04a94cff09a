import { describe, expect, it } from 'vitest';
import { createRegistryPolicy, policyFlavors, policyInputForConfig, registryBucketPolicy, registryPermissionProbes, registryPolicyNotes } from '../../../shared/iam-policy';
import { storageConfigSchema } from '../../../shared/storage-config';
import { decide } from './simulate';

/**
 * Per-server variants and the KMS grant, proved with the independent evaluator where it can judge
 * (AWS semantics). What only RGW can judge (bulk delete on the bucket ARN, 404 vs 403) is proved on a
 * real RGW with a real registry: test/integration/registry/policy-on-rgw.test.ts.
 */
const bucket = 'dtr-images';
const B = `arn:aws:s3:::${bucket}`;
const keyArn = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** KMS's default key policy: it lets IAM policies of the account grant use of the key. */
const defaultKeyPolicy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }],
};
const withKeyPolicy = { resourcePolicy: defaultKeyPolicy };

describe('ceph-rgw target', () => {
  for (const flavor of policyFlavors) {
    it(`${flavor}, scoped: grants DeleteObject on the bucket ARN and unconditioned listing, objects stay in the root`, async () => {
      const policy = createRegistryPolicy({ bucket, rootDirectory: '/reg', flavor, target: 'ceph-rgw' });
      const bulk = policy.Statement.find((s) => s.Sid === 'RgwMultiObjectDelete');
      expect(bulk).toMatchObject({ Action: ['s3:DeleteObject'], Resource: [B] });
      expect(policy.Statement.some((s) => s.Condition)).toBe(false);
      // listing without any prefix (RGW's missing-key check) is allowed ...
      expect(await decide(policy, 'aws', 's3:ListBucket', B)).toBe('Allowed');
      // ... but objects outside the root are not
      expect(await decide(policy, 'aws', 's3:GetObject', `${B}/other/x`)).toBe('ImplicitlyDenied');
      expect(await decide(policy, 'aws', 's3:PutObject', `${B}/reg/docker/registry/v2/x`)).toBe('Allowed');
    });
  }
  it('uses the aws partition whatever partition is asked for', () => {
    const text = JSON.stringify(createRegistryPolicy({ bucket, partition: 'aws-cn', target: 'ceph-rgw' }));
    expect(text).not.toContain('aws-cn');
  });
});

describe('minio target', () => {
  it('has no "Resource": "*" in any flavour, and the driver\'s actions are still allowed', async () => {
    for (const flavor of policyFlavors) {
      const policy = createRegistryPolicy({ bucket, flavor, target: 'minio' });
      expect(policy.Statement.flatMap((s) => s.Resource)).not.toContain('*');
      for (const probe of registryPermissionProbes({ bucket, flavor }).allowed) {
        expect(await decide(policy, 'aws', probe.action, probe.resource, probe.context), `${flavor} ${probe.action}`).toBe('Allowed');
      }
    }
  });
});

describe('KMS', () => {
  it('is what the key policy needs: without one that lets IAM grant, the same policy is denied', async () => {
    const policy = createRegistryPolicy({ bucket, kmsKeyId: keyArn, region: 'eu-central-1' });
    expect(await decide(policy, 'aws', 'kms:GenerateDataKey', keyArn, {}, withKeyPolicy)).toBe('Allowed');
    expect(await decide(policy, 'aws', 'kms:GenerateDataKey', keyArn)).toBe('ImplicitlyDenied');
  });

  it('grants GenerateDataKey and Decrypt on the key ARN, and nothing on another key', async () => {
    const policy = createRegistryPolicy({ bucket, kmsKeyId: keyArn, region: 'eu-central-1' });
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect(await decide(policy, 'aws', action, keyArn, {}, withKeyPolicy), action).toBe('Allowed');
      expect(await decide(policy, 'aws', action, keyArn.replace('1234abcd', 'ffffffff'), {}, withKeyPolicy), action).toBe('ImplicitlyDenied');
    }
    expect(await decide(policy, 'aws', 'kms:Encrypt', keyArn, {}, withKeyPolicy)).toBe('ImplicitlyDenied');
    expect(await decide(policy, 'aws', 'kms:ScheduleKeyDeletion', keyArn, {}, withKeyPolicy)).toBe('ImplicitlyDenied');
  });

  it('a bare key id matches that key in the region; an alias matches only keys carrying it', async () => {
    const bare = createRegistryPolicy({ bucket, kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'eu-central-1' });
    expect(await decide(bare, 'aws', 'kms:GenerateDataKey', keyArn, {}, withKeyPolicy)).toBe('Allowed');
    expect(await decide(bare, 'aws', 'kms:GenerateDataKey', keyArn.replace('eu-central-1', 'us-east-1'), {}, withKeyPolicy)).toBe('ImplicitlyDenied');
    const alias = createRegistryPolicy({ bucket, kmsKeyId: 'alias/dtr-images', region: 'eu-central-1' });
    expect(await decide(alias, 'aws', 'kms:Decrypt', keyArn, { 'kms:ResourceAliases': ['alias/dtr-images'] }, withKeyPolicy)).toBe('Allowed');
    expect(await decide(alias, 'aws', 'kms:Decrypt', keyArn, { 'kms:ResourceAliases': ['alias/other'] }, withKeyPolicy)).toBe('ImplicitlyDenied');
  });

  it('comes from the config (encrypt + keyid) with a note that the key policy must allow it', async () => {
    const config = storageConfigSchema.parse({ provider: 'aws', region: 'eu-central-1', bucket, encrypt: true, keyid: keyArn });
    const input = policyInputForConfig(config);
    expect(await decide(createRegistryPolicy(input), 'aws', 'kms:GenerateDataKey', keyArn, {}, withKeyPolicy)).toBe('Allowed');
    expect(registryPolicyNotes(input).join(' ')).toMatch(/key's own policy/);
    expect(registryPermissionProbes(input).allowed.map((p) => p.action)).toContain('kms:Decrypt');
    // without encrypt the key id means nothing to the driver: no grant
    const off = policyInputForConfig({ ...config, encrypt: false });
    expect(createRegistryPolicy(off).Statement.some((s) => s.Sid === 'KmsKey')).toBe(false);
  });
});

describe('bucket-policy form', () => {
  it('grants the same object and bucket actions to that principal only', async () => {
    const principal = 'arn:aws:iam::123456789012:user/registry';
    const policy = registryBucketPolicy({ bucket, rootDirectory: 'reg' }, principal);
    expect(policy.Statement.every((s) => s.Principal?.AWS[0] === principal)).toBe(true);
    const as = (p: string) => ({ resourcePolicy: policy, principal: p });
    expect(await decide(undefined, 'aws', 's3:PutObject', `${B}/reg/x`, {}, as(principal))).toBe('Allowed');
    expect(await decide(undefined, 'aws', 's3:PutObject', `${B}/reg/x`, {}, as('arn:aws:iam::123456789012:user/other'))).toBe('ImplicitlyDenied');
  });
});
