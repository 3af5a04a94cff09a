import { BucketLocationConstraint, S3Client } from '@aws-sdk/client-s3';
import { partition } from '@aws-sdk/core/client';
import { describe, expect, it } from 'vitest';
import {
  REGIONS_BY_PARTITION,
  REGIONS_KNOWN_TO_DISTRIBUTION_2,
  isAwsS3Host,
  isKnownRegion,
  partitionOfRegion,
  s3EndpointHost,
  validateStorageConfig,
} from '../../../shared/validation';

const allRegions = Object.values(REGIONS_BY_PARTITION).flat();

describe('the region list agrees with the AWS SDK', () => {
  it('holds exactly the S3 location constraints plus us-east-1', () => {
    const sdk = Object.values(BucketLocationConstraint).filter((r) => r !== 'EU');
    expect([...allRegions].sort()).toEqual([...sdk, 'us-east-1'].sort());
  });
  it.each(allRegions)('%s is in the partition the SDK says', (region) => {
    expect(partitionOfRegion(region)).toBe(partition(region).name);
  });
  it.each(['us-east-1', 'eu-central-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-7'])(
    '%s: our S3 host is the SDK endpoint',
    async (region) => {
      const client = new S3Client({ region });
      const endpoint = client.config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false, ForcePathStyle: true });
      client.destroy();
      expect(endpoint.url.hostname).toBe(s3EndpointHost(region));
    },
  );
});

describe('partitionOfRegion', () => {
  it.each<[string, string | undefined]>([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-east-1', 'aws-us-gov'],
    // newer than the list, recognised by shape
    ['eu-west-9', 'aws'],
    ['cn-south-3', 'aws-cn'],
    ['us-gov-north-2', 'aws-us-gov'],
    // not one of the three partitions
    ['us-iso-east-1', undefined],
    ['us-isob-east-1', undefined],
    ['default', undefined],
    ['EU', undefined],
    ['us-east', undefined],
    ['', undefined],
  ])('%s → %s', (region, expected) => {
    expect(partitionOfRegion(region)).toBe(expected);
  });
});

describe('s3EndpointHost and isAwsS3Host', () => {
  it.each<[string, string | undefined]>([
    ['eu-central-1', 's3.eu-central-1.amazonaws.com'],
    ['cn-north-1', 's3.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 's3.us-gov-west-1.amazonaws.com'],
    ['minio', undefined],
  ])('%s → %s', (region, host) => {
    expect(s3EndpointHost(region)).toBe(host);
  });
  it.each<[string, boolean]>([
    ['s3.amazonaws.com', true],
    ['s3.eu-central-1.amazonaws.com', true],
    ['s3-eu-west-1.amazonaws.com', true],
    ['s3.dualstack.us-east-1.amazonaws.com', true],
    ['s3.cn-north-1.amazonaws.com.cn', true],
    ['minio.example.com', false],
    ['s3.example.com', false],
    ['amazonaws.com.evil.example', false],
    ['127.0.0.1', false],
  ])('%s is AWS: %s', (host, expected) => {
    expect(isAwsS3Host(host)).toBe(expected);
  });
  it('knows the regions of all three partitions', () => {
    expect(['us-west-2', 'cn-north-1', 'us-gov-east-1'].every(isKnownRegion)).toBe(true);
    expect(isKnownRegion('us-east-7')).toBe(false);
  });
});

describe('region rules in the config', () => {
  const base = { provider: 'aws' as const, bucket: 'registry-bucket' };
  const regionFindings = (config: object) => {
    const v = validateStorageConfig(config);
    return [...v.errors, ...v.warnings].filter((i) => i.field === 'region').map((i) => i.code);
  };
  it.each<[object, string[]]>([
    [{ ...base, region: 'eu-central-1' }, []],
    [{ ...base, region: 'cn-north-1' }, []],
    [{ ...base, region: 'us-gov-west-1' }, []],
    [{ ...base, region: '' }, ['REGION_REQUIRED']],
    [{ ...base, region: ' eu-central-1' }, ['REGION_WHITESPACE']],
    [{ ...base, region: 'eu-west-9' }, ['REGION_UNKNOWN']],
    [{ ...base, region: 'europe' }, ['REGION_UNKNOWN']],
    [{ ...base, region: 'us-iso-east-1' }, ['REGION_UNKNOWN']],
    [{ ...base, region: 'EU-CENTRAL-1' }, ['REGION_UNKNOWN']],
    // known to AWS, unknown to the SDK inside DTR 2.x registries
    [{ ...base, region: 'il-central-1' }, ['REGION_NEWER_THAN_REGISTRY']],
    [{ ...base, region: 'ap-southeast-5' }, ['REGION_NEWER_THAN_REGISTRY']],
    // older than Debian's registry build, but newer than the SDK 1.15.11 inside DTR/MSR 2.x
    [{ ...base, region: 'eu-north-1' }, ['REGION_NEWER_THAN_REGISTRY']],
    [{ ...base, region: 'af-south-1' }, ['REGION_NEWER_THAN_REGISTRY']],
    [{ ...base, region: 'us-gov-east-1' }, ['REGION_NEWER_THAN_REGISTRY']],
    [{ ...base, region: 'cn-northwest-1' }, []],
    [{ ...base, region: 'eu-west-3' }, []],
    [{ ...base, region: 'il-central-1', regionendpoint: 'https://s3.il-central-1.amazonaws.com' }, []],
    [{ ...base, provider: 's3-compatible', regionendpoint: 'https://s3.local', forcepathstyle: true, region: 'il-central-1' }, []],
    // S3-compatible: free-form, but required
    [{ ...base, provider: 's3-compatible', regionendpoint: 'https://s3.local', forcepathstyle: true, region: 'default' }, []],
    [{ ...base, provider: 's3-compatible', regionendpoint: 'https://s3.local', forcepathstyle: true, region: 'my-zone' }, []],
    [{ ...base, provider: 's3-compatible', regionendpoint: 'https://s3.local', forcepathstyle: true, region: '' }, ['REGION_REQUIRED']],
  ])('%j → %j', (config, expected) => {
    expect(regionFindings(config)).toEqual(expected);
  });
});

describe('DTR/MSR 2.x regions', () => {
  it('warns for exactly the AWS regions outside the 18 of Distribution 2.7.1–2.8.3 (aws-sdk-go 1.15.11)', () => {
    const warned = Object.values(REGIONS_BY_PARTITION)
      .flat()
      .filter((region) => validateStorageConfig({ provider: 'aws', bucket: 'registry-bucket', region }).warnings.some((w) => w.code === 'REGION_NEWER_THAN_REGISTRY'));
    const all = Object.values(REGIONS_BY_PARTITION).flat();
    expect(REGIONS_KNOWN_TO_DISTRIBUTION_2).toHaveLength(18);
    expect(all.filter((r) => !warned.includes(r)).sort()).toEqual([...REGIONS_KNOWN_TO_DISTRIBUTION_2].sort());
  });
});

describe('the regional-endpoint workaround for new regions', () => {
  const warnings = (config: object) => validateStorageConfig(config).warnings.map((i) => i.code);
  it('is the only endpoint on AWS that does not draw the "endpoint set for AWS" warning', () => {
    const base = { provider: 'aws', bucket: 'registry-bucket' };
    expect(warnings({ ...base, region: 'il-central-1', regionendpoint: 'https://s3.il-central-1.amazonaws.com/' })).toEqual([]);
    expect(warnings({ ...base, region: 'il-central-1', regionendpoint: 'https://s3.eu-west-1.amazonaws.com' })).toEqual(['ENDPOINT_SET_FOR_AWS']);
    expect(warnings({ ...base, region: 'eu-west-1', regionendpoint: 'https://s3.eu-west-1.amazonaws.com' })).toEqual(['ENDPOINT_SET_FOR_AWS']);
  });
  it('names the endpoint to use', () => {
    const [warning] = validateStorageConfig({ provider: 'aws', bucket: 'registry-bucket', region: 'mx-central-1' }).warnings;
    expect(warning?.fix).toBe('Set the region endpoint to https://s3.mx-central-1.amazonaws.com: the registry then skips its region check.');
  });
});
