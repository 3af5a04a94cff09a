import { describe, expect, it } from 'vitest';
import { runPolicy, type PolicyCommandOptions } from '../../../electron/cli/commands/policy';
import { renderRegistryPolicy } from '../../../shared/iam-policy';

function run(options: Partial<PolicyCommandOptions>) {
  let stdout = '';
  let stderr = '';
  const code = runPolicy(
    { bucket: 'dtr-images', partition: 'aws', flavor: 'union', ...options },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
  );
  return { code, stdout, stderr };
}

describe('policy command', () => {
  it('prints exactly the rendered policy on stdout, nothing else', () => {
    const { code, stdout, stderr } = run({ rootDir: '/reg', partition: 'aws-us-gov', flavor: 'dtr-doc' });
    expect(code).toBe(0);
    expect(stdout).toBe(renderRegistryPolicy({ bucket: 'dtr-images', rootDirectory: '/reg', partition: 'aws-us-gov', flavor: 'dtr-doc' }));
    expect(stderr).toBe('');
  });

  it('explains the flavour and prints the mc commands on stderr when asked', () => {
    const { stdout, stderr } = run({ flavor: 'dtr-doc', explain: true, minioAlias: 'local' });
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toMatch(/lacks s3:ListMultipartUploadParts/);
    expect(stderr).toContain("mc admin policy attach 'local' 'dtr-storage-dtr-images' --user 'dtr-storage'");
  });

  it('--target ceph-rgw --principal prints the RGW bucket policy, with the reason on stderr', () => {
    const { code, stdout, stderr } = run({ rootDir: 'reg', target: 'ceph-rgw', principal: 'arn:aws:iam:::user/registry' });
    expect(code).toBe(0);
    const policy = JSON.parse(stdout) as { Statement: Array<{ Sid: string; Principal?: unknown }> };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['BucketLevel', 'RegistryObjects', 'RgwMultiObjectDelete']);
    expect(policy.Statement.every((s) => JSON.stringify(s.Principal) === '{"AWS":["arn:aws:iam:::user/registry"]}')).toBe(true);
    expect(stderr).toMatch(/DeleteObjects.*BUCKET ARN/);
  });

  it('--kms-key adds the grant and always says what the key policy must allow', () => {
    const { stdout, stderr } = run({ kmsKey: 'alias/dtr', region: 'eu-west-1' });
    expect(stdout).toContain('"kms:ResourceAliases"');
    expect(stderr).toMatch(/key's own policy/);
  });

  it('exits 2 on an invalid bucket name, printing no policy', () => {
    const { code, stdout, stderr } = run({ bucket: 'Bad_Bucket' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: \[bucket\]/);
  });
});
