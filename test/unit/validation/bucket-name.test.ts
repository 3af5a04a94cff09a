import { describe, expect, it } from 'vitest';
import { checkBucketName, validateBucketName } from '../../../shared/validation';

const codes = (name: string, provider?: 'aws' | 's3-compatible') => validateBucketName(name, { provider }).map((i) => i.code);
const warningCodes = (name: string, provider?: 'aws' | 's3-compatible') => checkBucketName(name, { provider }).warnings.map((i) => i.code);

describe('validateBucketName: valid names', () => {
  it.each([
    'abc',
    'my-registry',
    'dtr-images-2026',
    'a'.repeat(63),
    '123',
    'my.registry.bucket',
    '1-2-3',
    'xn-single-hyphen',
    'sthree',
    'bucket-s3alias-not-at-end',
    'amzn-s3-demo',
    '192.168.5',
    '999.1.1.1.1',
    'a.b.c',
  ])('%s is valid', (name) => {
    expect(validateBucketName(name)).toEqual([]);
  });
});

describe('validateBucketName: each rule has its own finding', () => {
  it.each<[string, string[]]>([
    ['', ['BUCKET_REQUIRED']],
    ['ab', ['BUCKET_TOO_SHORT']],
    ['a', ['BUCKET_TOO_SHORT']],
    ['a'.repeat(64), ['BUCKET_TOO_LONG']],
    ['MyBucket', ['BUCKET_UPPERCASE']],
    ['my_bucket', ['BUCKET_INVALID_CHARACTER']],
    ['my bucket', ['BUCKET_INVALID_CHARACTER']],
    ['bücket', ['BUCKET_INVALID_CHARACTER']],
    ['my/bucket', ['BUCKET_INVALID_CHARACTER']],
    ['-bucket', ['BUCKET_BAD_FIRST_CHARACTER']],
    ['.bucket', ['BUCKET_BAD_FIRST_CHARACTER']],
    ['bucket-', ['BUCKET_BAD_LAST_CHARACTER']],
    ['bucket.', ['BUCKET_BAD_LAST_CHARACTER']],
    ['my..bucket', ['BUCKET_ADJACENT_PERIODS']],
    ['192.168.5.4', ['BUCKET_IP_ADDRESS']],
    ['10.0.0.1', ['BUCKET_IP_ADDRESS']],
    ['xn--bucket', ['BUCKET_RESERVED_PREFIX']],
    ['sthree-bucket', ['BUCKET_RESERVED_PREFIX']],
    ['sthree-configurator-x', ['BUCKET_RESERVED_PREFIX']],
    ['amzn-s3-demo-bucket', ['BUCKET_RESERVED_PREFIX']],
    ['images-s3alias', ['BUCKET_RESERVED_SUFFIX']],
    ['images--ol-s3', ['BUCKET_RESERVED_SUFFIX']],
    ['images.mrap', ['BUCKET_RESERVED_SUFFIX']],
    ['images--x-s3', ['BUCKET_RESERVED_SUFFIX']],
    ['images--table-s3', ['BUCKET_RESERVED_SUFFIX']],
    // several rules at once: all of them are reported
    ['_A', ['BUCKET_TOO_SHORT', 'BUCKET_UPPERCASE', 'BUCKET_INVALID_CHARACTER', 'BUCKET_BAD_FIRST_CHARACTER']],
    ['-my..Bucket_', ['BUCKET_UPPERCASE', 'BUCKET_INVALID_CHARACTER', 'BUCKET_BAD_FIRST_CHARACTER', 'BUCKET_BAD_LAST_CHARACTER', 'BUCKET_ADJACENT_PERIODS']],
  ])('%j → %j', (name, expected) => {
    expect(codes(name)).toEqual(expected);
  });
});

describe('bucket name messages are precise', () => {
  const message = (name: string) => validateBucketName(name).map((i) => i.message).join(' | ');
  it('says the length it found', () => {
    expect(message('ab')).toBe('The bucket name is 2 characters long; it must have at least 3.');
    expect(message('a'.repeat(70))).toBe('The bucket name is 70 characters long; it may have at most 63.');
  });
  it('names the offending characters, once each', () => {
    expect(message('a_b_c d')).toContain('an underscore "_", a space');
    expect(message('AbC')).toContain('(A, C)');
  });
  it('names the reserved prefix and what a suffix is reserved for', () => {
    expect(message('xn--abc')).toContain('"xn--"');
    expect(message('abc--x-s3')).toContain('directory buckets');
  });
  it('suggests the lowercase name only when that name would be valid', () => {
    expect(validateBucketName('MyBucket')[0]?.fix).toBe('Use "mybucket".');
    expect(validateBucketName('My_Bucket').find((i) => i.code === 'BUCKET_UPPERCASE')?.fix).toBeUndefined();
  });
  it('tags every finding with the bucket field', () => {
    expect(validateBucketName('-A_..').every((i) => i.field === 'bucket')).toBe(true);
  });
});

describe('S3-compatible providers', () => {
  it.each(['xn--bucket', 'amzn-s3-demo-x', 'images-s3alias', 'images--x-s3'])('%s is only a warning off AWS', (name) => {
    expect(codes(name, 's3-compatible')).toEqual([]);
    expect(warningCodes(name, 's3-compatible')).toHaveLength(1);
  });
  it.each(['ab', 'My_Bucket', 'a..b', '10.1.2.3'])('%s is still an error off AWS', (name) => {
    expect(codes(name, 's3-compatible').length).toBeGreaterThan(0);
  });
});

describe('DNS label warning', () => {
  it.each(['my-.bucket', 'my.-bucket'])('%s gets a virtual-host warning', (name) => {
    expect(codes(name)).toEqual([]);
    expect(warningCodes(name)).toEqual(['BUCKET_LABEL_HYPHEN']);
  });
  it('plain names get none', () => {
    expect(warningCodes('my-bucket.images')).toEqual([]);
  });
});
