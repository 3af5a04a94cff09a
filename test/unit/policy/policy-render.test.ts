import { describe, expect, it } from 'vitest';
import {
  createRegistryPolicy,
  policyFlavorExplanations,
  policyFlavors,
  renderRegistryPolicy,
} from '../../../shared/iam-policy';
import { minioCommands } from '../../../shared/render/minio-commands';

describe('policy rendering', () => {
  it('is pretty-printed and byte-for-byte stable', () => {
    const input = { bucket: 'dtr-images', rootDirectory: '/reg/', partition: 'aws-cn' as const };
    const first = renderRegistryPolicy(input);
    expect(renderRegistryPolicy({ ...input })).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(first).toContain('\n  "Statement": [\n');
    expect(JSON.parse(first)).toEqual(createRegistryPolicy(input));
  });

  it('scopes to the root directory the way the driver writes keys', () => {
    expect(createRegistryPolicy({ bucket: 'b', rootDirectory: '/' })).toEqual(createRegistryPolicy({ bucket: 'b' }));
    const policy = createRegistryPolicy({ bucket: 'b', rootDirectory: '/a/b/', partition: 'aws-us-gov' });
    const list = policy.Statement.find((s) => s.Sid === 'ListRootDirectory');
    expect(list?.Condition?.StringLike?.['s3:prefix']).toEqual(['a/b/*', 'a/b']);
    expect(policy.Statement.find((s) => s.Sid === 'RegistryObjects')?.Resource).toEqual(['arn:aws-us-gov:s3:::b/a/b/*']);
  });

  it('explains every flavour, and the dtr-doc text names its multipart gap', () => {
    for (const flavor of policyFlavors) expect(policyFlavorExplanations[flavor].text.length).toBeGreaterThan(40);
    expect(policyFlavorExplanations['dtr-doc'].text).toMatch(/ListMultipartUploadParts.*AbortMultipartUpload/);
  });

  it('prints the three mc commands without any secret, quoting what needs it', () => {
    const commands = minioCommands({ bucket: 'b', alias: 'my minio', user: 'dtr-storage' });
    expect(commands).toEqual([
      `mc admin user add 'my minio' 'dtr-storage' "$DTR_STORAGE_SECRET_KEY"`,
      `mc admin policy create 'my minio' 'dtr-storage-b' 'dtr-storage-policy.json'`,
      `mc admin policy attach 'my minio' 'dtr-storage-b' --user 'dtr-storage'`,
    ]);
  });
});
