import type { Provider } from '../storage-config';
import type { FieldIssue } from './types';
import type { ErrorCode } from '../error-codes';

/**
 * Amazon S3's general-purpose bucket naming rules, one finding per broken rule, so the form can say
 * exactly what is wrong. Reserved prefixes and suffixes are AWS's: on S3-compatible services they are
 * only warnings (the name may still be created there, but it would not move to AWS).
 */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const RESERVED_SUFFIXES: ReadonlyArray<[string, string]> = [
  ['-s3alias', 'access point aliases'],
  ['--ol-s3', 'Object Lambda access point aliases'],
  ['.mrap', 'Multi-Region Access Points'],
  ['--x-s3', 'directory buckets'],
  ['--table-s3', 'S3 table buckets'],
];

const issue = (code: ErrorCode, message: string, fix?: string): FieldIssue => ({
  field: 'bucket',
  code,
  message,
  ...(fix ? { fix } : {}),
});

function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  if (ch === '_') return 'an underscore "_"';
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x20 || cp === 0x7f ? `a control character (U+${cp.toString(16).padStart(4, '0')})` : `"${ch}"`;
}

export interface BucketNameFindings {
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** Every rule checked independently: a name can break several at once and the user sees them all. */
export function checkBucketName(name: string, opts: { provider?: Provider } = {}): BucketNameFindings {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const provider = opts.provider ?? 'aws';
  if (name.length === 0) {
    return { errors: [issue('BUCKET_REQUIRED', 'Enter the bucket name: the registry cannot start without one.')], warnings };
  }
  const length = [...name].length;
  if (length < 3) {
    errors.push(issue('BUCKET_TOO_SHORT', `The bucket name is ${length} character${length === 1 ? '' : 's'} long; it must have at least 3.`));
  }
  if (length > 63) {
    errors.push(issue('BUCKET_TOO_LONG', `The bucket name is ${length} characters long; it may have at most 63.`));
  }
  const upper = [...new Set(name.match(/[A-Z]/g) ?? [])];
  if (upper.length) {
    const lower = name.toLowerCase();
    const fix = checkBucketName(lower, opts).errors.length === 0 ? `Use "${lower}".` : undefined;
    errors.push(issue('BUCKET_UPPERCASE', `The bucket name contains uppercase letters (${upper.join(', ')}); only lowercase letters are allowed.`, fix));
  }
  const invalid = [...new Set([...name].filter((ch) => !/[a-zA-Z0-9.-]/.test(ch)))];
  if (invalid.length) {
    errors.push(issue('BUCKET_INVALID_CHARACTER', `The bucket name contains ${invalid.map(describeChar).join(', ')}; only lowercase letters, digits, "." and "-" are allowed.`));
  }
  // Letter case is its own rule above, so these look at letters of either case.
  if (!/^[a-zA-Z0-9]/.test(name)) {
    errors.push(issue('BUCKET_BAD_FIRST_CHARACTER', `The bucket name starts with ${describeChar([...name][0] ?? '')}; it must start with a letter or a digit.`));
  }
  if (!/[a-zA-Z0-9]$/.test(name)) {
    errors.push(issue('BUCKET_BAD_LAST_CHARACTER', `The bucket name ends with ${describeChar([...name].at(-1) ?? '')}; it must end with a letter or a digit.`));
  }
  if (name.includes('..')) {
    errors.push(issue('BUCKET_ADJACENT_PERIODS', 'The bucket name contains two periods in a row (".."); that is not allowed.'));
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
    errors.push(issue('BUCKET_IP_ADDRESS', `The bucket name "${name}" is formatted like an IP address; that is not allowed.`));
  }
  const reservedTarget = provider === 'aws' ? errors : warnings;
  const portability = provider === 'aws' ? '' : ' (on Amazon S3; this service may accept it, but the name would not move to AWS)';
  for (const prefix of RESERVED_PREFIXES) {
    if (name.startsWith(prefix)) {
      reservedTarget.push(issue('BUCKET_RESERVED_PREFIX', `The bucket name starts with "${prefix}", a prefix Amazon S3 reserves${portability}.`));
    }
  }
  for (const [suffix, usedBy] of RESERVED_SUFFIXES) {
    if (name.endsWith(suffix)) {
      reservedTarget.push(issue('BUCKET_RESERVED_SUFFIX', `The bucket name ends with "${suffix}", a suffix Amazon S3 reserves for ${usedBy}${portability}.`));
    }
  }
  // Not an S3 rule, but a DNS one: with virtual-host addressing each dot-separated part becomes a host label.
  if (/(^|\.)-|-(\.|$)/.test(name) && !/^-|-$/.test(name)) {
    warnings.push(issue('BUCKET_LABEL_HYPHEN', 'A dot-separated part of the bucket name starts or ends with "-"; such a name is not a valid host name for virtual-host addressing.', 'Avoid "-" next to "." in bucket names.'));
  }
  return { errors, warnings };
}

/** The errors only: what makes a bucket name unusable. */
export function validateBucketName(name: string, opts: { provider?: Provider } = {}): FieldIssue[] {
  return checkBucketName(name, opts).errors;
}
