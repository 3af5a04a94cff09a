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
    expect(stderr).toContain('mc admin policy attach local dtr-storage-dtr-images --user dtr-storage');
  });

  it('exits 2 on an invalid bucket name, printing no policy', () => {
    const { code, stdout, stderr } = run({ bucket: 'Bad_Bucket' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: \[bucket\]/);
  });
});
