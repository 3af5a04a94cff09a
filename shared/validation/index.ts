import { storageConfigSchema, type StorageConfig } from '../storage-config';
import { checkBucketName } from './bucket-name';
import { checkChunkSize, checkCombinations } from './combinations';
import { checkEndpoint } from './endpoint';
import { checkPem } from './pem';
import { isAwsS3Host, isKnownRegion, needsEndpointOnDistribution2, partitionOfRegion, s3EndpointHost } from './regions';
import { checkRootDirectory, normalizeRootDirectory } from './root-directory';
import type { ConfigValidation, FieldIssue } from './types';

export type { ConfigValidation, FieldIssue } from './types';
export { checkBucketName, validateBucketName } from './bucket-name';
export { DISTRIBUTION_2_STORAGE_CLASSES } from './combinations';
export { checkEndpoint, type ParsedEndpoint } from './endpoint';
export { checkDtrHost, checkDtrUrl, dtrHostSchema, optionalDtrHostSchema, type DtrHostAddress, type DtrHostCheck } from './dtr-host';
export { checkPem } from './pem';
export { REGIONS_BY_PARTITION, REGIONS_KNOWN_TO_DISTRIBUTION_2, isAwsS3Host, needsEndpointOnDistribution2, isKnownRegion, partitionOfRegion, s3EndpointHost, type Partition } from './regions';
export { normalizeRootDirectory, rootKeyPrefix, s3KeyForPath } from './root-directory';
export { checkRegistryCredentials } from './registry-credentials';

type Field = keyof StorageConfig;
const FIELDS = Object.keys(storageConfigSchema.shape) as Field[];
/** Keys that carry secrets: never in a config document (they come from the keychain or the environment). */
const SECRET_KEYS = ['accesskey', 'secretkey', 'sessiontoken', 'accessKeyId', 'secretAccessKey'];
/** Real driver keys this model does not manage: named as such, so they are not taken for typos. */
const UNMODELLED_DRIVER_KEYS = [
  'useragent', 'usedualstack', 'accelerate', 'usefipsendpoint', 'loglevel',
  'multipartcopychunksize', 'multipartcopymaxconcurrency', 'multipartcopythresholdsize',
];

/** One zod issue as a field finding, in words a person can act on. */
function schemaIssue(field: Field, issue: { message: string }, raw: unknown): FieldIssue {
  if (raw === undefined) {
    return { field, code: 'REQUIRED', message: `"${field}" is required.` };
  }
  return { field, code: 'INVALID_VALUE', message: `"${field}": ${issue.message.replace(/^Invalid input: /, '')}.` };
}

/**
 * Read an untrusted config document field by field: each field is parsed on its own, so one bad value
 * does not hide the findings about the others. Returns the parsed fields and the schema errors.
 */
function parseFields(input: Record<string, unknown>): { parsed: Partial<StorageConfig>; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const parsed: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const result = storageConfigSchema.shape[field].safeParse(input[field]);
    if (result.success) parsed[field] = result.data;
    else errors.push(...result.error.issues.slice(0, 1).map((i) => schemaIssue(field, i, input[field])));
  }
  for (const key of Object.keys(input)) {
    if (SECRET_KEYS.includes(key)) {
      errors.push({
        field: 'credentials',
        code: 'SECRET_IN_CONFIG',
        message: `The config contains "${key}"; secrets are never part of the storage config.`,
        fix: 'Remove it, and supply the keys through DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY or a keychain profile.',
      });
    } else if (UNMODELLED_DRIVER_KEYS.includes(key)) {
      errors.push({
        field: 'document',
        code: 'UNSUPPORTED_DRIVER_KEY',
        message: `"${key}" is a driver key this assistant does not manage.`,
        fix: 'Remove it here; if you need it, add it to the rendered registry configuration by hand.',
      });
    } else if (!(FIELDS as string[]).includes(key)) {
      const near = FIELDS.find((f) => f.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
      errors.push({
        field: 'document',
        code: 'UNKNOWN_FIELD',
        message: `Unknown field "${key}".`,
        fix: near ? `Did you mean "${near}"?` : `Known fields: ${FIELDS.join(', ')}.`,
      });
    }
  }
  // zod drops unknown nested keys silently, so a typo such as redirect.disabled would just vanish
  const redirect = input.redirect;
  if (typeof redirect === 'object' && redirect !== null && !Array.isArray(redirect)) {
    for (const key of Object.keys(redirect).filter((k) => k !== 'disable')) {
      errors.push({ field: 'redirect', code: 'UNKNOWN_FIELD', message: `Unknown field "redirect.${key}".`, fix: 'The only redirect setting is "disable" (true or false).' });
    }
  }
  return { parsed: parsed, errors };
}

function checkRegion(c: Pick<StorageConfig, 'provider' | 'region' | 'regionendpoint'>): { errors: FieldIssue[]; warnings: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  if (c.region.trim() === '') {
    const fix = c.provider === 'aws' ? 'Choose the region the bucket is in.' : 'Use the region the service signs for; many use us-east-1.';
    errors.push({ field: 'region', code: 'REGION_REQUIRED', message: 'The region is required: requests are signed for it.', fix });
  } else if (c.region !== c.region.trim()) {
    errors.push({ field: 'region', code: 'REGION_WHITESPACE', message: 'The region has spaces before or after it.', fix: `Use "${c.region.trim()}".` });
  } else if (c.provider === 'aws' && !isKnownRegion(c.region)) {
    // Not an AWS region we know: a registry would refuse it, or sign for a region that does not exist.
    const shaped = partitionOfRegion(c.region);
    errors.push({
      field: 'region',
      code: 'REGION_UNKNOWN',
      message: shaped
        ? `"${c.region}" looks like an AWS region but is not one this app knows of the aws, aws-cn or aws-us-gov partitions.`
        : `"${c.region}" is not an AWS region of the aws, aws-cn or aws-us-gov partitions.`,
      fix: 'Choose a region from the list (e.g. us-east-1 or eu-central-1) and check the spelling. For a service that only imitates S3, choose "S3-compatible".',
    });
  } else if (c.provider === 'aws' && c.regionendpoint === '' && needsEndpointOnDistribution2(c.region)) {
    warnings.push({
      field: 'region',
      code: 'REGION_NEWER_THAN_REGISTRY',
      message:
        `${c.region} is not among the 18 regions DTR/MSR 2.x registries know (Distribution 2.7.1–2.8.3 carry AWS SDK 1.15.11; ` +
        `DTR's documentation lists 16): they refuse to start with "invalid region provided: ${c.region}".`,
      fix: `Set the region endpoint to https://${s3EndpointHost(c.region)}: the registry then skips its region check.`,
    });
  }
  return { errors, warnings };
}

/** Validate an untrusted config document. `config` is set only when there are no errors. */
export function validateStorageConfig(input: unknown): ConfigValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: [{ field: 'document', code: 'NOT_AN_OBJECT', message: 'The storage config must be a JSON object of driver keys.' }], warnings: [] };
  }
  const { parsed, errors } = parseFields(input as Record<string, unknown>);
  const warnings: FieldIssue[] = [];
  const add = (found: { errors: FieldIssue[]; warnings?: FieldIssue[] }) => {
    errors.push(...found.errors);
    warnings.push(...(found.warnings ?? []));
  };
  const defaults = storageConfigSchema.parse({ provider: 'aws', region: '', bucket: '' });
  const c: StorageConfig = { ...defaults, ...parsed };

  if (parsed.region !== undefined && parsed.provider !== undefined) add(checkRegion(c));
  if (parsed.bucket !== undefined) add(checkBucketName(c.bucket, { provider: c.provider }));
  if (parsed.rootdirectory !== undefined) add(checkRootDirectory(c.rootdirectory));
  if (parsed.ca !== undefined) add(checkPem(c.ca));
  if (parsed.chunksize !== undefined) add({ errors: checkChunkSize(c.chunksize) });

  let endpointIsAws = false;
  if (parsed.regionendpoint !== undefined && parsed.secure !== undefined && c.regionendpoint !== '') {
    const endpoint = checkEndpoint(c.regionendpoint, c.secure);
    add(endpoint);
    endpointIsAws = !!endpoint.endpoint && isAwsS3Host(endpoint.endpoint.host);
    if (endpointIsAws && c.provider === 's3-compatible') {
      warnings.push({ field: 'provider', code: 'AWS_ENDPOINT_AS_COMPATIBLE', message: 'The endpoint is Amazon S3 itself, but the provider says S3-compatible.', fix: 'Choose "Amazon S3" and leave the endpoint empty.' });
    }
  } else if (c.provider === 's3-compatible' && parsed.regionendpoint === '') {
    errors.push({ field: 'regionendpoint', code: 'ENDPOINT_REQUIRED', message: 'An S3-compatible service needs its endpoint URL.', fix: 'Enter e.g. https://minio.example.com:9000.' });
  }
  // Combination rules only make sense when every field they read parsed.
  if (FIELDS.every((f) => parsed[f] !== undefined)) add(checkCombinations(c, endpointIsAws));

  if (errors.length) return { errors, warnings };
  return { config: { ...c, rootdirectory: normalizeRootDirectory(c.rootdirectory) }, errors, warnings };
}
