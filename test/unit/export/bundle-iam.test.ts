import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildBundleContent } from '../../../electron/services/export/bundle-content';
import { iamBundleFiles, iamSteps } from '../../../shared/render/iam-steps';
import type { S3ServerKind } from '../../../shared/s3-server';
import { storageConfigSchema } from '../../../shared/storage-config';

/**
 * The bundle's IAM part is the one the wizard's IAM step showed for the chosen server: the same
 * rendering (iamSteps), written as files the commands name. Run on RGW in test/integration/render/iam-commands-bash.test.ts.
 */
const compatible = storageConfigSchema.parse({
  provider: 's3-compatible', region: 'us-east-1', bucket: 'dtr-images', rootdirectory: '/dtr', regionendpoint: 'http://rgw.lab:7480', forcepathstyle: true, secure: false,
});
const aws = storageConfigSchema.parse({ provider: 'aws', region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: '/dtr' });
const bundle = (config = compatible, storageServer?: S3ServerKind, scopeToRoot?: boolean) => {
  const files = buildBundleContent({ config, source: 'a unit test', ...(storageServer ? { storageServer } : {}), ...(scopeToRoot !== undefined ? { scopeToRoot } : {}) }).files;
  return { paths: files.map((f) => f.path), content: (path: string) => files.find((f) => f.path === path)?.content ?? '', executable: (path: string) => files.find((f) => f.path === path)?.executable };
};
const bashSyntaxOk = (script: string) => spawnSync('bash', ['-n'], { input: script }).status === 0;
const DELETE_ON_BUCKET = /"s3:DeleteObject"[^}]*"Resource": \[?\s*"arn:aws:s3:::dtr-images"/;

describe('the bundle shows the IAM step of the chosen server', () => {
  it('Ceph RGW: radosgw-admin + put-bucket-policy in iam-commands.sh, the bucket policy they name, the RGW policy shape', () => {
    const b = bundle(compatible, 'ceph-rgw');
    const shown = iamSteps({ config: compatible, server: 'ceph-rgw', flavor: 'union' });
    expect(b.paths).toEqual(expect.arrayContaining([iamBundleFiles.policy, iamBundleFiles.rgwBucketPolicy, iamBundleFiles.commands]));
    const script = b.content(iamBundleFiles.commands);
    for (const line of shown.commands) expect(script.split('\n')).toContain(line);
    expect(script).toContain(`radosgw-admin user create --uid='dtr-storage'`);
    expect(script).toContain(`--policy 'file://${iamBundleFiles.rgwBucketPolicy}'`);
    expect(b.executable(iamBundleFiles.commands)).toBe(true);
    expect(bashSyntaxOk(script)).toBe(true);
    expect(b.content(iamBundleFiles.rgwBucketPolicy)).toBe(shown.bucketPolicyJson);
    expect(b.content(iamBundleFiles.rgwBucketPolicy)).toContain('arn:aws:iam:::user/dtr-storage');
    expect(b.content(iamBundleFiles.policy)).toBe(shown.policyJson);
    expect(b.content(iamBundleFiles.policy)).toMatch(DELETE_ON_BUCKET);
    expect(b.content('README.md')).toContain('radosgw-admin user create');
  });

  it('MinIO: mc in iam-commands.sh on iam-policy.json, the MinIO policy shape, no RGW files', () => {
    const b = bundle(compatible, 'minio');
    expect(b.paths).not.toContain(iamBundleFiles.rgwBucketPolicy);
    const script = b.content(iamBundleFiles.commands);
    expect(script).toContain(`mc admin policy create 'myminio' 'dtr-storage-dtr-images' '${iamBundleFiles.policy}'`);
    expect(script).not.toContain('radosgw-admin');
    expect(bashSyntaxOk(script)).toBe(true);
    expect(b.content(iamBundleFiles.policy)).toBe(iamSteps({ config: compatible, server: 'minio', flavor: 'union' }).policyJson);
    expect(b.content(iamBundleFiles.policy)).not.toMatch(DELETE_ON_BUCKET);
    expect(b.content('README.md')).toContain('mc admin user add');
  });

  it('AWS: the IAM policy for the partition, no server commands, whatever server is passed', () => {
    const b = bundle(aws, 'ceph-rgw');
    expect(b.paths).not.toContain(iamBundleFiles.commands);
    expect(b.paths).not.toContain(iamBundleFiles.rgwBucketPolicy);
    expect(b.content(iamBundleFiles.policy)).toBe(iamSteps({ config: aws, server: 'aws', flavor: 'union' }).policyJson);
    expect(b.content('README.md')).toContain('aws iam put-user-policy');
  });

  it('no server chosen (the CLI without --server): the policy alone, as before', () => {
    const b = bundle();
    expect(b.paths).not.toContain(iamBundleFiles.commands);
    expect(b.content('README.md')).toContain('applies its own policy model');
  });

  it('the policy is scoped to the root directory only when the IAM step scoped it', () => {
    expect(bundle(compatible, 'ceph-rgw').content(iamBundleFiles.policy)).toContain('arn:aws:s3:::dtr-images/dtr/*');
    const whole = bundle(compatible, 'ceph-rgw', false).content(iamBundleFiles.policy);
    expect(whole).toContain('arn:aws:s3:::dtr-images/*');
    expect(whole).not.toContain('dtr-images/dtr/');
  });

  it('a private CA over TLS: the aws line names the bundle\'s CA file, which the bundle holds', () => {
    const withCa = storageConfigSchema.parse({ ...compatible, regionendpoint: 'https://rgw.lab:7480', secure: true, ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' });
    const b = bundle(withCa, 'ceph-rgw');
    expect(b.paths).toContain('registry/storage-ca.crt');
    expect(b.content(iamBundleFiles.commands)).toContain(`--ca-bundle 'registry/storage-ca.crt'`);
    expect(bundle(compatible, 'ceph-rgw').content(iamBundleFiles.commands)).not.toContain('--ca-bundle');
  });
});
