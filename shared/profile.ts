import { z } from 'zod';
import { clientTrustModes, secretRoles } from './choices';
import { checkRunPassed, probeIds, probeResultSchema, probeStatusSchema, type CheckRunResult } from './checks';
import { policyFlavors } from './iam-policy';
import { isKeylessNotVerified } from './keyless';
import { s3ServerKinds } from './s3-server';
import { storageConfigSchema } from './storage-config';
import { storedDtrHostSchema } from './validation/dtr-host';
import { validStorageConfigSchema } from './validation/config-schema';

/**
 * A saved profile: everything needed to re-check, re-export or continue a setup, and NOTHING secret.
 * Secrets live in the OS keychain; a profile only names the keychain accounts that hold them.
 */

/** The schema version this build writes. Older versions are upgraded by shared/profile-migrations.ts. */
export const PROFILE_SCHEMA_VERSION = 1;

/**
 * Profile names become file names and keychain account names, so they are restricted to characters
 * that are safe in both on every OS. Lower case only: macOS and Windows file systems ignore case, and
 * "Prod" and "prod" would silently share one file there.
 */
export const profileNameSchema = z
  .string()
  .min(1, 'A profile name is required.')
  .max(64, 'A profile name has at most 64 characters.')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'A profile name uses lower-case letters, digits, ".", "-" and "_", and starts with a letter or digit.',
  );

/** Which credentials a keychain entry holds: the admin's setup keys, or the registry's own key. */
export const secretRoleSchema = z.enum(secretRoles);
export type SecretRole = z.infer<typeof secretRoleSchema>;
export const SECRET_ROLES = secretRoleSchema.options;

/** The keychain service every entry of this app is filed under. */
export const KEYCHAIN_SERVICE = 'dtr-s3-assistant';
/** The reserved owner of the wizard's unsaved draft secrets; '@' can never start a profile name. */
export const WIZARD_DRAFT_OWNER = '@wizard-draft';
/** A keychain owner (the "secret owner"): a saved profile's name, or the wizard's draft. */
export const secretOwnerSchema = z.union([profileNameSchema, z.literal(WIZARD_DRAFT_OWNER)]);
/**
 * Where the keys that sign come from: the keychain (an owner's entry in one role) or the AWS SDK's credential
 * chain (env, ~/.aws/config with an optional named AWS profile, SSO, a role). One name everywhere: `keySource`.
 */
export const keySourceSchema = z.enum(['keychain', 'aws-chain']);
export type KeySource = z.infer<typeof keySourceSchema>;

/** The keychain account for one profile's (or the draft's) credentials of one role. The one naming rule. */
export function secretAccountName(owner: string, role: SecretRole): string {
  return `${owner}/${role}`;
}

/** The inverse of secretAccountName, for listing; undefined for accounts this app did not name. */
export function parseSecretAccountName(account: string): { owner: string; role: SecretRole } | undefined {
  const slash = account.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const role = secretRoleSchema.safeParse(account.slice(slash + 1));
  return role.success ? { owner: account.slice(0, slash), role: role.data } : undefined;
}

/** How Docker clients will trust the storage endpoint for redirected blob fetches (see domain.md). */
export const clientTrustModeSchema = z.enum(clientTrustModes);
export type ClientTrustMode = z.infer<typeof clientTrustModeSchema>;

export const clientTrustSchema = z.object({
  /** DTR's host[:port] as clients address it ('' = not given yet): the one DTR host rule. */
  dtrHost: storedDtrHostSchema.default(''),
  mode: clientTrustModeSchema.default('ca'),
  /** PEM of DTR's own CA (public; goes to certs.d/<dtr-host>/ca.crt). */
  dtrCaPem: z.string().default(''),
  /** The user chose "I know this CA does not verify <host>" (the README says so). */
  dtrCaUnverified: z.boolean().optional(),
});
export type ClientTrust = z.infer<typeof clientTrustSchema>;

/** JSON values only: what survives a round trip through the profile file unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/**
 * The provisioning journal (what was created, step by step). Its shape belongs to the provisioning
 * service; the profile keeps it as a validated JSON object so it can evolve without a profile migration.
 */
export const provisioningJournalSchema = z.record(z.string(), jsonValueSchema);

export const recheckRunSchema = z.object({
  /** ISO 8601 start time. */
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  /** 'fail' when the run failed (see checkRunPassed), else 'warn' if any probe warned, else 'pass'. */
  status: z.enum(['pass', 'warn', 'fail']),
  /** Who ran it: a re-check of the saved profile (absent: older entries), or the wizard's Validate step before the save. */
  source: z.enum(['recheck', 'wizard']).optional(),
  probes: z.array(
    z.object({
      /** A probe id; a plain string so history written before a probe is renamed stays readable. */
      id: z.string().min(1),
      status: probeStatusSchema,
      durationMs: z.number().nonnegative(),
      /** The diagnosis code of a failure, so a change between runs can be named. */
      code: z.string().optional(),
    }),
  ),
});
export type RecheckRun = z.infer<typeof recheckRunSchema>;
/** One history entry from a finished check run. */
export function recheckRunFromResult(result: CheckRunResult, startedAt: Date): RecheckRun {
  // Checks a keyless registry could not run (shared/keyless.ts) leave the run a warning, never a plain pass.
  const warned = result.probes.some((probe) => probe.status === 'warn' || isKeylessNotVerified(probe));
  return {
    startedAt: startedAt.toISOString(),
    durationMs: result.totalMs,
    status: !checkRunPassed(result) ? 'fail' : warned ? 'warn' : 'pass',
    probes: result.probes.map(({ id, status, durationMs, diagnosis }) => ({
      id,
      status,
      durationMs,
      ...(diagnosis ? { code: diagnosis.code } : {}),
    })),
  };
}

/** History is capped so a profile re-checked by cron every few minutes stays small. */
export const MAX_RECHECK_HISTORY = 200;

/** Where a profile's secrets are: keychain account names, never the secrets themselves. */
export const secretRefsSchema = z
  .object({ setup: z.string().min(1).optional(), registry: z.string().min(1).optional() })
  .strict();

/**
 * What the IAM step chose for this storage: the server whose policy shape and commands apply, the policy
 * flavour, and whether the policy is limited to the root directory. A profile's export writes the same IAM
 * part the wizard showed (without it: AWS's for aws, the generic policy for S3-compatible).
 */
export const profileIamSchema = z
  .object({ server: z.enum(s3ServerKinds), policyFlavor: z.enum(policyFlavors), scopeToRoot: z.boolean() })
  .strict();
export type ProfileIam = z.infer<typeof profileIamSchema>;

export const profileSchema = z
  .object({
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    name: profileNameSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    storage: storageConfigSchema,
    clientTrust: clientTrustSchema.default({ dtrHost: '', mode: 'ca', dtrCaPem: '' }),
    iam: profileIamSchema.optional(),
    provisioningJournal: provisioningJournalSchema.optional(),
    recheckHistory: z.array(recheckRunSchema).max(MAX_RECHECK_HISTORY).default([]),
    secretRefs: secretRefsSchema.default({}),
  })
  .strict();
export type Profile = z.infer<typeof profileSchema>;

/** What a caller supplies to save a profile; the repository fills in version, times and refs. */
export const profileInputSchema = z
  .object({
    name: profileNameSchema,
    // Strict, and the shared validation rules: a stray `secretkey` is refused, not silently dropped, and
    // so is a bucket such as "../x" that the form would refuse.
    storage: validStorageConfigSchema,
    clientTrust: clientTrustSchema.optional(),
    iam: profileIamSchema.optional(),
    provisioningJournal: provisioningJournalSchema.optional(),
  })
  .strict();
export type ProfileInput = z.input<typeof profileInputSchema>;

/** The list view: enough to pick a profile and see its last re-check, without reading every field. */
export interface ProfileSummary {
  name: string;
  provider: Profile['storage']['provider'];
  bucket: string;
  region: string;
  regionendpoint: string;
  updatedAt: string;
  lastRecheck?: { startedAt: string; status: RecheckRun['status'] };
  hasSecrets: Record<SecretRole, boolean>;
}

export function summarizeProfile(profile: Profile): ProfileSummary {
  const last = profile.recheckHistory.at(-1);
  return {
    name: profile.name,
    provider: profile.storage.provider,
    bucket: profile.storage.bucket,
    region: profile.storage.region,
    regionendpoint: profile.storage.regionendpoint,
    updatedAt: profile.updatedAt,
    ...(last ? { lastRecheck: { startedAt: last.startedAt, status: last.status } } : {}),
    hasSecrets: { setup: Boolean(profile.secretRefs.setup), registry: Boolean(profile.secretRefs.registry) },
  };
}

/** Form values plus a pasted CA bundle or daemon.json fit easily; anything larger is a bug, not typing. */
const MAX_WIZARD_VALUES_CHARS = 2 * 1024 * 1024;

/**
 * The wizard's form values that may be saved: an allow-list (strict), so a field the schema does not
 * name (a typed secret under any name) is refused instead of written to disk. Every field is optional: a
 * page may save before it has them all. The same fields as WizardValues (shared/wizard/values.ts).
 */
/** The Validate step's results, kept with the fingerprint of the config they ran on (shared/wizard/state.ts). */
const keptChecksSchema = z
  .object({
    results: z.array(probeResultSchema).max(probeIds.length),
    leftovers: z.array(z.string().max(2048)).max(1000),
    ranOn: z.string().max(64).optional(),
  })
  .strict();

/** One provider's endpoint fields, parked while the other provider is chosen (renderer's ParkedProvider). */
const parkedProviderSchema = z
  .object({
    config: storageConfigSchema.pick({ regionendpoint: true, forcepathstyle: true, secure: true, ca: true, region: true, keyless: true }).partial().strict(),
    bucket: z.string(),
    bucketReady: z.boolean(),
    checksPassed: z.boolean(),
    checks: keptChecksSchema.optional(),
  })
  .strict();

export const wizardValuesSchema = z
  .object({
    dtrUrl: z.string(),
    config: storageConfigSchema.strict(),
    keySource: keySourceSchema,
    awsProfile: z.string(),
    policyFlavor: z.enum(policyFlavors),
    scopeToRoot: z.boolean(),
    bucketReady: z.boolean(),
    registryKeyReady: z.boolean(),
    checksPassed: z.boolean(),
    checks: keptChecksSchema,
    trustMode: clientTrustModeSchema,
    dtrHost: z.string(),
    dtrCaPem: z.string(),
    dtrCaVerifiedFor: z.string(),
    dtrCaOverrideFor: z.string(),
    existingDaemonJson: z.string(),
    profileName: z.string(),
    exportedTo: z.string(),
    exportedAsDownload: z.boolean(),
    profileFile: z.string(),
    parkedConfig: z.object({ aws: parkedProviderSchema, 's3-compatible': parkedProviderSchema }).partial().strict(),
    storageServer: z.enum([...s3ServerKinds, '']),
    detectedServer: z.object({ kind: z.enum(s3ServerKinds), evidence: z.string().max(200) }).strict(),
  })
  .partial()
  .strict();

/**
 * The wizard state file's schema version. Older files are upgraded by shared/wizard/state-file.ts; a newer
 * one is moved aside (the wizard starts over) rather than read wrong.
 */
export const WIZARD_STATE_SCHEMA_VERSION = 3;

/** The wizard's place and its non-secret form values, saved as the user types. */
export const wizardStateSchema = z
  .object({
    schemaVersion: z.literal(WIZARD_STATE_SCHEMA_VERSION).default(WIZARD_STATE_SCHEMA_VERSION),
    step: z.string().min(1).max(64),
    /** The profile being continued, if any. */
    profileName: profileNameSchema.optional(),
    values: wizardValuesSchema.refine((values) => JSON.stringify(values).length <= MAX_WIZARD_VALUES_CHARS, 'The form values are too large to save.'),
    updatedAt: z.iso.datetime().optional(),
  })
  .strict();
export type WizardState = z.output<typeof wizardStateSchema>;
export type WizardStateInput = z.input<typeof wizardStateSchema>;

/** zod's first issue as "path: message" for an error text; the rejected value is never quoted. */
export function firstIssueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'rejected';
}

/** The envelope of an exported profile file, so an import can tell it from any other JSON. */
export const PROFILE_EXPORT_FORMAT = 'dtr-s3-assistant-profile';

/**
 * Field names that carry a secret in the driver config, the AWS SDK and the keychain records. Secrets are
 * never written to a profile, a wizard-state file or an export: anything carrying these keys is refused.
 * Access key IDs are identifiers, not secrets (they appear in CloudTrail and in IAM listings): the
 * provisioning journal records them to roll back exactly the keys it created.
 */
const SECRET_FIELD_NAMES = new Set([
  'secretkey', 'secretaccesskey', 'sessiontoken', 'password', 'secret', 'aws_secret_access_key', 'aws_session_token',
]);

/** Paths (e.g. "storage.secretkey") of every secret-named field with a non-empty value, at any depth. */
export function findSecretFields(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecretFields(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = path ? `${path}.${key}` : key;
    const named = SECRET_FIELD_NAMES.has(key.toLowerCase().replace(/[-\s]/g, ''));
    const filled = child !== '' && child !== null && child !== undefined;
    return named && filled ? [here] : findSecretFields(child, here);
  });
}
