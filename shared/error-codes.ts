import { z } from 'zod';

/**
 * Every problem code the app produces, grouped by family: the one table. AppErrorData, Diagnosis and
 * FieldIssue carry one of these (`ErrorCode`), so a typo or a code missing here fails the typecheck, and
 * callers ask `inFamily(code, 'KEYCHAIN')` instead of matching name prefixes. A family named like a prefix
 * holds exactly the codes with that prefix (test/unit/shared/error-codes.test.ts checks it, and that every
 * code literal in the source is here). Add a code to its family; never rename one (cron setups and stored
 * re-check histories keep them).
 */
export const errorCodeFamilies = {
  /** The IPC/harness transport and long operations. */
  REQUEST: ['INVALID_REQUEST', 'UNKNOWN_CHANNEL', 'CANCELLED', 'OPERATION_ID_IN_USE', 'FORBIDDEN_SENDER', 'NOT_AVAILABLE_IN_BROWSER', 'INTERNAL', 'PATH_NOT_CHOSEN', 'ABORTED', 'DEADLINE_EXCEEDED'],
  /** The browser harness's HTTP server and its page-side shim. */
  HARNESS: ['UNAUTHORIZED', 'TOO_MANY_STREAMS', 'METHOD_NOT_ALLOWED', 'NOT_BUILT', 'NOT_FOUND', 'FORBIDDEN', 'HARNESS_UNREACHABLE', 'CLIPBOARD_DENIED'],
  KEYCHAIN: [
    'KEYCHAIN_ACCESS_DENIED', 'KEYCHAIN_ENTRY_INVALID', 'KEYCHAIN_ERROR', 'KEYCHAIN_LOCKED', 'KEYCHAIN_MODULE_UNAVAILABLE',
    'KEYCHAIN_NO_DEFAULT_KEYRING', 'KEYCHAIN_NO_SECRET_SERVICE', 'KEYCHAIN_NO_SESSION_BUS', 'KEYCHAIN_TIMEOUT',
  ],
  /** Keys as the user gives them (the secrets themselves live in the keychain). */
  CREDENTIALS: [
    'CREDENTIALS_INCOMPLETE', 'CREDENTIALS_INVALID', 'CREDENTIALS_MISSING', 'NO_CREDENTIALS', 'SETUP_CREDENTIALS_MISSING',
    'KEYS_MISSING', 'KEY_INCOMPLETE', 'SECRET_EMPTY', 'SECRET_IN_CONFIG', 'REGISTRY_KEY_TEMPORARY',
  ],
  PROFILE: [
    'PROFILE_CONTAINS_SECRETS', 'PROFILE_EXISTS', 'PROFILE_FILE_CORRUPT', 'PROFILE_FROM_NEWER_VERSION', 'PROFILE_INVALID',
    'PROFILE_LOCKED', 'PROFILE_NAME_INVALID', 'PROFILE_NAME_MISMATCH', 'PROFILE_NOT_FOUND', 'PROFILE_NO_MIGRATION',
    'PROFILE_READ_FAILED', 'PROFILE_SECRET_MISSING', 'PROFILE_VERSION_MISSING',
  ],
  IMPORT: ['IMPORT_NOT_A_PROFILE', 'IMPORT_NOT_JSON', 'IMPORT_UNREADABLE'],
  EXPORT: ['EXPORT_CONFIG_INVALID', 'EXPORT_CONTAINS_SECRETS', 'EXPORT_TARGET_EXISTS', 'EXPORT_WRITE_FAILED'],
  WIZARD_STATE: ['WIZARD_STATE_CLOSED', 'WIZARD_STATE_HAS_SECRETS', 'WIZARD_STATE_INVALID', 'WIZARD_STATE_QUARANTINED', 'WIZARD_STATE_STALE', 'WIZARD_STATE_WRITE_FAILED'],
  SETTINGS: ['SETTINGS_QUARANTINED', 'SETTINGS_UNREADABLE'],
  JOURNAL: ['JOURNAL_INVALID', 'JOURNAL_NOT_FOUND', 'JOURNAL_NOT_OURS', 'JOURNAL_OTHER_TARGET', 'JOURNAL_PATH_INVALID'],
  DISK: ['DISK_FULL', 'DISK_IO_ERROR', 'DISK_NO_ACCESS', 'DISK_READ_ONLY'],
  FILE: ['FILE_NOT_REGULAR', 'FILE_TOO_LARGE'],
  CONFIG_FILE: ['CONFIG_FILE_INVALID_JSON', 'CONFIG_FILE_UNREADABLE'],
  CA_FILE: ['CA_FILE_NOT_A_FILE', 'CA_FILE_TOO_LARGE', 'CA_FILE_UNREADABLE'],
  PEM: ['PEM_BAD_BASE64', 'PEM_BAD_DER', 'PEM_LABEL_MISMATCH', 'PEM_NOT_CERTIFICATE', 'PEM_NO_BLOCK', 'PEM_PRIVATE_KEY', 'PEM_TRUSTED_CERTIFICATE', 'PEM_UNTERMINATED'],
  /** A storage config's fields and their combinations (shared/validation). */
  CONFIG: [
    'REQUIRED', 'INVALID_VALUE', 'NOT_AN_OBJECT', 'UNKNOWN_FIELD', 'UNSUPPORTED_DRIVER_KEY', 'INVALID_BUCKET_NAME', 'INVALID_ENDPOINT',
    'INVALID_URL', 'CHUNKSIZE_TOO_LARGE', 'CHUNKSIZE_TOO_SMALL', 'KEYID_WITHOUT_ENCRYPT', 'CA_WITHOUT_TLS', 'CA_WITH_SKIPVERIFY',
    'SKIPVERIFY_ON', 'SKIPVERIFY_WITHOUT_TLS', 'V4AUTH_OFF', 'V4AUTH_REQUIRED_ON_AWS', 'STORAGECLASS_NEEDS_DISTRIBUTION_3',
    'PATH_STYLE_OFF_FOR_COMPATIBLE', 'AWS_ENDPOINT_AS_COMPATIBLE',
  ],
  BUCKET: [
    'BUCKET_ADJACENT_PERIODS', 'BUCKET_BAD_FIRST_CHARACTER', 'BUCKET_BAD_LAST_CHARACTER', 'BUCKET_INVALID_CHARACTER', 'BUCKET_IP_ADDRESS',
    'BUCKET_LABEL_HYPHEN', 'BUCKET_REQUIRED', 'BUCKET_RESERVED_PREFIX', 'BUCKET_RESERVED_SUFFIX', 'BUCKET_TOO_LONG', 'BUCKET_TOO_SHORT',
    'BUCKET_UPPERCASE', 'BUCKET_FORBIDDEN', 'BUCKET_LOCATION_REJECTED', 'BUCKET_OTHER_REGION', 'BUCKET_TAKEN',
  ],
  ENDPOINT: [
    'ENDPOINT_BAD_SCHEME', 'ENDPOINT_CREDENTIALS_IN_URL', 'ENDPOINT_HAS_PATH', 'ENDPOINT_HAS_QUERY', 'ENDPOINT_INVALID_URL', 'ENDPOINT_NO_HOST',
    'ENDPOINT_NO_SCHEME', 'ENDPOINT_REQUIRED', 'ENDPOINT_SCHEME_MISMATCH', 'ENDPOINT_SET_FOR_AWS', 'ENDPOINT_WHITESPACE',
  ],
  REGION: ['REGION_NEWER_THAN_REGISTRY', 'REGION_REQUIRED', 'REGION_UNKNOWN', 'REGION_WHITESPACE'],
  ROOTDIR: ['ROOTDIR_CONTROL_CHARACTER', 'ROOTDIR_DOT_SEGMENT', 'ROOTDIR_EMPTY_SEGMENT', 'ROOTDIR_TOO_LONG', 'ROOTDIR_UNUSUAL_CHARACTER'],
  /** Reaching a host: name, route, port, protocol, clock. */
  NETWORK: [
    'DNS_FAILED', 'DNS_NOT_FOUND', 'DNS_UNAVAILABLE', 'TCP_FAILED', 'CONNECTION_FAILED', 'CONNECTION_REFUSED', 'CONNECTION_RESET',
    'HOST_UNREACHABLE', 'TIMEOUT', 'HTTPS_TO_HTTP_PORT', 'HTTP_TO_HTTPS_PORT', 'NOT_HTTP', 'NO_SERVER_DATE', 'CLOCK_SKEW', 'VIRTUAL_HOST_DNS',
  ],
  TLS: [
    'TLS_BAD_TARGET', 'TLS_CERT_EXPIRED', 'TLS_CERT_EXPIRING', 'TLS_CERT_NOT_YET_VALID', 'TLS_CONNECT_FAILED', 'TLS_HOSTNAME_MISMATCH',
    'TLS_NO_CERTIFICATE', 'TLS_SELF_SIGNED', 'TLS_TIMEOUT', 'TLS_UNKNOWN_CA', 'TLS_UNTRUSTED', 'TLS_WRONG_CA',
  ],
  /** What S3 (or the S3-compatible service) answered. */
  S3: [
    'S3_ERROR', 'ACCESS_DENIED', 'NO_SUCH_BUCKET', 'UNKNOWN_ACCESS_KEY', 'SIGNATURE_MISMATCH', 'WRONG_REGION', 'KMS_KEY_REFUSED',
    'KMS_NOT_SUPPORTED', 'STORAGE_CLASS_REFUSED', 'DELETE_OBJECTS_PARTIAL', 'DOTTED_BUCKET_VIRTUAL_HOST_TLS',
  ],
  /** A registry without a key: DTR's hosts use an IAM role (shared/keyless.ts). */
  KEYLESS: ['KEYLESS_NOT_AWS', 'KEYLESS_IMDSV1_REQUIRED', 'KEYLESS_NOT_VERIFIED', 'KEYLESS_KEYS_GIVEN'],
  /** How checks run (limits from the environment). */
  CHECK: ['CHECK_LIMIT_INVALID'],
  /** The probes that replay the registry's driver, and re-checks. */
  PROBE: [
    'PROBE_BODY_MISMATCH', 'PROBE_ERROR', 'PROBE_EXPIRED', 'MISSING_KEY_EXISTS', 'MISSING_KEY_FORBIDDEN', 'PUSH_INCONSISTENT', 'UPLOAD_MISSING',
    'OBJECT_MISSING', 'PRESIGNED_FETCH_FAILED', 'PRESIGNED_MISMATCH', 'PRESIGNED_REFUSED', 'REDIRECT_NEEDS_CLIENT_TRUST', 'RECHECK_FAILED',
  ],
  IAM: [
    'IAM_KEY_CREATE_FAILED', 'IAM_KEY_DELETE_FAILED', 'IAM_KEY_LIMIT', 'IAM_KEY_LIST_FAILED', 'IAM_PERMISSIONS_WRONG', 'IAM_POLICY_LOOKUP_FAILED',
    'IAM_POLICY_PUT_FAILED', 'IAM_USER_CREATE_FAILED', 'IAM_USER_LOOKUP_FAILED', 'IAM_VERIFY_FAILED', 'IAM_NO_SUCH_ENTITY',
    'IAM_POLICY_MALFORMED', 'IAM_ENTITY_EXISTS', 'IAM_LIMIT_EXCEEDED', 'IAM_NOT_SUPPORTED',
  ],
  ROLLBACK: [
    'ROLLBACK_BUCKET_FAILED', 'ROLLBACK_KEY_FAILED', 'ROLLBACK_NEEDS_IAM', 'ROLLBACK_NEEDS_S3', 'ROLLBACK_POLICY_FAILED', 'ROLLBACK_USER_FAILED',
    'ROLLBACK_USER_IN_USE',
  ],
  /** Client trust: daemon.json, the client probe, the choice and its hosts. */
  CLIENT_TRUST: [
    'CLIENT_PROBE_BAD_KEY', 'CLIENT_PROBE_BAD_TTL', 'CLIENT_PROBE_NOT_USEFUL', 'CLIENT_PROBE_PRESIGN_FAILED', 'CLIENT_PROBE_WRITE_FAILED',
    'CLIENT_TRUST_INSECURE', 'CLIENT_UNTRUSTED_STORAGE', 'DAEMON_JSON_BAD_KEY', 'DAEMON_JSON_BAD_REGISTRY', 'DAEMON_JSON_INVALID',
    'DAEMON_JSON_NOT_OBJECT', 'TRUST_BAD_DTR_HOST',
  ],
} as const;

export type ErrorFamily = keyof typeof errorCodeFamilies;
export type ErrorCode = (typeof errorCodeFamilies)[ErrorFamily][number];

const familyByCode = new Map<string, ErrorFamily>(
  (Object.entries(errorCodeFamilies) as [ErrorFamily, readonly ErrorCode[]][]).flatMap(([family, codes]) => codes.map((code) => [code, family] as const)),
);
export const errorCodes = [...familyByCode.keys()] as [ErrorCode, ...ErrorCode[]];

export const isErrorCode = (code: string): code is ErrorCode => familyByCode.has(code);
export const familyOf = (code: string): ErrorFamily | undefined => familyByCode.get(code);
/** True when `code` belongs to one of `families` (the table decides, not the code's spelling). */
export const inFamily = (code: string, ...families: ErrorFamily[]): boolean => {
  const family = familyByCode.get(code);
  return family !== undefined && families.includes(family);
};

export const errorCodeSchema = z.enum(errorCodes);

/**
 * The one problem shape: AppErrorData is it, a Diagnosis is it with a fix, a FieldIssue adds the field.
 * `code` says which problem, `message` what happened, `fix` what to do; never a stack, never a secret.
 */
export const problemSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  fix: z.string().optional(),
  cause: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;
