import { z } from 'zod';
import { bucketSettings, keyLimitChoices } from '../choices';
import { policyFlavors } from '../iam-policy';
import { keySourceSchema, secretOwnerSchema } from '../profile';
import { validStorageConfigSchema } from '../validation/config-schema';

/**
 * The IPC channels `provision.*` (spread into shared/contract.ts): bucket and IAM provisioning, and its
 * rollback. Both are long operations: they stream ProgressEvents (status created / updated / skipped /
 * pass / warn) and stop at the next step when cancelled; running them again continues where they stopped (the journal lives in main).
 * No secret travels in either direction: setup keys are read from the keychain in main, and the new
 * registry key goes straight into the keychain as the owner's 'registry' credentials.
 */
const endpointUrl = z.string().url().max(2048);

/** An AWS CLI profile name, as it appears in ~/.aws/config. */
export const awsProfileName = z.string().regex(/^[\w.+@-]{1,64}$/, 'an AWS profile name: 1–64 of letters, digits and ._+@-');

/** The bucket settings provisioning applies (secure defaults), by their journal step name. */
export const bucketSettingSchema = z.enum(bucketSettings);
export type BucketSetting = z.infer<typeof bucketSettingSchema>;

export const provisionRequestSchema = z
  .object({
    /** Keychain owner: its 'setup' keys are used (source 'keychain'); its 'registry' slot receives the new key. */
    owner: secretOwnerSchema,
    config: validStorageConfigSchema,
    /** Where the setup (administrator) keys come from. */
    keySource: keySourceSchema.default('keychain'),
    /** With 'aws-chain': a named profile of ~/.aws/config (SSO included) instead of AWS_PROFILE / the default. */
    awsProfile: awsProfileName.optional(),
    iamUser: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'an IAM user name: 1–64 of letters, digits and +=,.@_-').optional(),
    iamEndpoint: endpointUrl.optional(),
    stsEndpoint: endpointUrl.optional(),
    policyFlavor: z.enum(policyFlavors).default('union'),
    onKeyLimit: z.enum(keyLimitChoices).default('fail'),
    abortIncompleteMultipartDays: z.number().int().min(1).max(3650).default(7),
    kmsKeyId: z.string().max(2048).optional(),
    /** Bucket settings that drifted since this tool applied them (a re-check reports them): re-apply these, as the user asked. */
    reapply: z.array(bucketSettingSchema).max(bucketSettingSchema.options.length).optional(),
  })
  .strict();

export const stepReportSchema = z.object({
  step: z.string(),
  outcome: z.enum(['created', 'adopted', 'updated', 'unchanged', 'skipped', 'verified', 'warn', 'deleted', 'kept']),
  message: z.string(),
  /** A bucket setting changed since this tool applied it: what it is now, and what the tool would set. */
  drift: z.object({ current: z.string(), wanted: z.string() }).optional(),
});

export const provisionResultSchema = z.object({
  steps: z.array(stepReportSchema),
  policyJson: z.string(),
  userArn: z.string().optional(),
  /** The registry key's id (never its secret); `keyStoredAt` names the keychain entry that holds it. */
  accessKeyId: z.string().optional(),
  keyStoredAt: z.string().optional(),
  minioCommands: z.array(z.string()).optional(),
});

export const rollbackRequestSchema = provisionRequestSchema.pick({
  owner: true,
  config: true,
  keySource: true,
  awsProfile: true,
  iamEndpoint: true,
});

export const provisionChannels = {
  /** Create or adopt the bucket (secure defaults) and, on AWS, the registry's IAM user, policy and key. */
  'provision.run': { request: provisionRequestSchema, result: provisionResultSchema },
  /** Delete what provision.run created (per its journal), never what existed before. */
  'provision.rollback': {
    request: rollbackRequestSchema,
    result: z.object({ steps: z.array(stepReportSchema), complete: z.boolean() }),
  },
} as const;
