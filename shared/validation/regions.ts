/**
 * AWS regions by partition, for the three partitions DTR can run against. The list matches the S3
 * API's BucketLocationConstraint values plus us-east-1 (a unit test checks it against the AWS SDK).
 * S3-compatible services take any region string: it only has to equal what the server signs for.
 */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const REGIONS_BY_PARTITION: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
    'af-south-1',
    'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1', 'ca-west-1',
    'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/**
 * The regions DTR/MSR 2.x registries accept without a region endpoint. Upstream Distribution 2.7.1–2.8.3
 * vendors aws-sdk-go 1.15.11, whose endpoint table has exactly these 18 (DTR's and MSR 2.9's storage docs
 * list 16 of them); any other region makes the registry refuse to start ("invalid region provided").
 * Debian's docker-registry 2.8.2 is built against a newer SDK and accepts more, so it is NOT the
 * measure of this list (test/integration/render/registry-regions.test.ts only checks it is a subset).
 */
export const REGIONS_KNOWN_TO_DISTRIBUTION_2: readonly string[] = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1',
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'cn-north-1', 'cn-northwest-1', 'us-gov-west-1',
];

/** True when a DTR/MSR 2.x registry needs `regionendpoint` for this (AWS) region. */
export const needsEndpointOnDistribution2 = (region: string): boolean => !REGIONS_KNOWN_TO_DISTRIBUTION_2.includes(region);

/** The shape of region names per partition (the AWS SDK's own regionRegex values), for regions newer than our list. */
const REGION_SHAPE: ReadonlyArray<[Partition, RegExp]> = [
  ['aws-us-gov', /^us-gov-\w+-\d+$/],
  ['aws-cn', /^cn-\w+-\d+$/],
  ['aws', /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/],
];

const DNS_SUFFIX: Readonly<Record<Partition, string>> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
};

export function isKnownRegion(region: string): boolean {
  return Object.values(REGIONS_BY_PARTITION).some((regions) => regions.includes(region));
}

/** The partition a region belongs to: by the known list first, then by its shape; undefined if neither. */
export function partitionOfRegion(region: string): Partition | undefined {
  for (const [partition, regions] of Object.entries(REGIONS_BY_PARTITION) as Array<[Partition, readonly string[]]>) {
    if (regions.includes(region)) return partition;
  }
  // us-gov-* and us-iso* also match the aws shape's "us-" prefix, so the narrower shapes come first
  if (/^us-iso/.test(region)) return undefined;
  return REGION_SHAPE.find(([, shape]) => shape.test(region))?.[0];
}

/** The regional S3 endpoint host, e.g. s3.eu-central-1.amazonaws.com, s3.cn-north-1.amazonaws.com.cn. */
export function s3EndpointHost(region: string): string | undefined {
  const partition = partitionOfRegion(region);
  return partition ? `s3.${region}.${DNS_SUFFIX[partition]}` : undefined;
}

/** True when a host name is AWS's own S3 (any partition), so "S3-compatible" would be a misnomer. */
export function isAwsS3Host(host: string): boolean {
  return /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i.test(host);
}
