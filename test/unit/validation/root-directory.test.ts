import { describe, expect, it } from 'vitest';
import { normalizeRootDirectory, rootKeyPrefix, s3KeyForPath, validateStorageConfig } from '../../../shared/validation';

/** Distribution's s3Path, transcribed: strings.TrimLeft(strings.TrimRight(root, "/")+path, "/"). */
const goS3Path = (root: string, path: string) => (root.replace(/\/+$/, '') + path).replace(/^\/+/, '');

describe('root directory normalisation follows the driver', () => {
  it.each<[string, string]>([
    ['', ''],
    ['/', ''],
    ['///', ''],
    ['dtr', 'dtr'],
    ['/dtr', 'dtr'],
    ['dtr/', 'dtr'],
    ['/dtr/', 'dtr'],
    ['//dtr//', 'dtr'],
    ['/a/b/c/', 'a/b/c'],
    ['/a//b/', 'a//b'],
    ['/ space /', ' space '],
  ])('%j → %j', (root, normalized) => {
    expect(normalizeRootDirectory(root)).toBe(normalized);
  });

  const paths = ['/docker/registry/v2/blobs/sha256/ab/abcd/data', '/', '/x'];
  const roots = ['', '/', 'dtr', '/dtr', '/dtr/', '//dtr//', '/a//b/', 'a/b'];
  it.each(roots.flatMap((root) => paths.map((path) => [root, path] as const)))('key for root %j, path %j matches s3Path', (root, path) => {
    expect(s3KeyForPath(root, path)).toBe(goS3Path(root, path));
    // and normalising first changes nothing: the stored form is equivalent for the driver
    expect(s3KeyForPath(normalizeRootDirectory(root), path)).toBe(goS3Path(root, path));
  });

  it.each<[string, string]>([
    ['', ''],
    ['/', ''],
    ['/dtr/', 'dtr/'],
    ['a/b', 'a/b/'],
  ])('prefix of %j is %j', (root, prefix) => {
    expect(rootKeyPrefix(root)).toBe(prefix);
  });
});

describe('root directory findings', () => {
  const findings = (rootdirectory: string) => {
    const v = validateStorageConfig({ provider: 'aws', region: 'us-east-1', bucket: 'registry-bucket', rootdirectory });
    return { errors: v.errors.map((i) => i.code), warnings: v.warnings.map((i) => i.code), stored: v.config?.rootdirectory };
  };
  it.each<[string, string[], string[], string | undefined]>([
    ['/dtr/', [], [], 'dtr'],
    ['', [], [], ''],
    ['/a//b', [], ['ROOTDIR_EMPTY_SEGMENT'], 'a//b'],
    ['/a/../b', [], ['ROOTDIR_DOT_SEGMENT'], 'a/../b'],
    ['/my dir', [], ['ROOTDIR_UNUSUAL_CHARACTER'], 'my dir'],
    ['a\\b', [], ['ROOTDIR_UNUSUAL_CHARACTER'], 'a\\b'],
    ['/a\u0001b', ['ROOTDIR_CONTROL_CHARACTER'], [], undefined],
    ['/' + 'x'.repeat(600), ['ROOTDIR_TOO_LONG'], [], undefined],
  ])('%j → errors %j, warnings %j', (root, errors, warnings, stored) => {
    expect(findings(root)).toEqual({ errors, warnings, stored });
  });
});
