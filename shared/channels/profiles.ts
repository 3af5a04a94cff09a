import { z } from 'zod';
import { appErrorSchema } from '../app-error';
import {
  profileInputSchema,
  profileNameSchema,
  profileSchema,
  secretRoleSchema,
} from '../profile';
import { storageCredentialsSchema } from '../storage-config';
import { checkRegistryCredentials } from '../validation/registry-credentials';

/**
 * The IPC channels `profiles.*` (spread into shared/contract.ts): saved profiles and their keychain entries.
 * Secrets travel only renderer → main, in `profiles.save` / `profiles.setKeys` / `wizard.saveDraftSecret`
 * requests, and are stored in the OS keychain only: no result carries one back.
 */

/** The largest exported profile accepted, over IPC and from a file (`profiles import FILE`). */
export const MAX_PROFILE_JSON = 1024 * 1024;
const empty = z.object({}).strict();
/** S3 keys as they enter over IPC (the only requests that carry a secret). */
export const credentialsSchema = storageCredentialsSchema.extend({
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(1024),
  sessionToken: z.string().max(4096).optional(),
}).strict();
/** The one rule for the registry's key (no temporary credentials), applied wherever one enters over IPC. */
const refuseTemporary = (value: { accessKeyId: string; sessionToken?: string | undefined }, ctx: z.RefinementCtx, path: string[] = []) => {
  for (const issue of checkRegistryCredentials(value)) ctx.addIssue({ code: 'custom', message: `${issue.message} ${issue.fix}`, path });
};
const registryCredentials = credentialsSchema.superRefine((value, ctx) => refuseTemporary(value, ctx));
/** A 'registry' role's keys must not be temporary. */
export const registryRoleRule = (value: { role: string; credentials: { accessKeyId: string; sessionToken?: string | undefined } }, ctx: z.RefinementCtx) => {
  if (value.role === 'registry') refuseTemporary(value.credentials, ctx, ['credentials']);
};
const secretsByRole = z.object({ setup: credentialsSchema.optional(), registry: registryCredentials.optional() }).strict();
/** That the keychain holds a role's key, and which one: strict, so a secret cannot ride along. */
export const storedKeySchema = z.object({ accessKeyId: z.string().max(256), stored: z.boolean() }).strict();
export type StoredKeyData = z.infer<typeof storedKeySchema>;

export const profileSummarySchema = z.object({
  name: z.string(),
  provider: z.enum(['aws', 's3-compatible']),
  bucket: z.string(),
  region: z.string(),
  regionendpoint: z.string(),
  updatedAt: z.string(),
  lastRecheck: z.object({ startedAt: z.string(), status: z.enum(['pass', 'warn', 'fail']) }).optional(),
  hasSecrets: z.object({ setup: z.boolean(), registry: z.boolean() }),
});

export const profilesChannels = {
  /** Saved profiles, and the files that exist but cannot be read (with the reason). */
  'profiles.list': {
    request: empty,
    result: z.object({
      profiles: z.array(profileSummarySchema),
      unreadable: z.array(z.object({ name: z.string(), error: appErrorSchema })),
    }),
  },
  'profiles.get': {
    request: z.object({ name: profileNameSchema }).strict(),
    result: profileSchema,
  },
  /**
   * Create or update; the given keys go to the keychain, the profile keeps their account names.
   * `draftKeys`: the wizard draft's registry key is copied in main, from keychain entry to keychain entry.
   * `overwrite`: an existing profile is replaced only with it (else PROFILE_EXISTS, naming what would change).
   * `fromWizard`: the wizard's passing Validate run (recorded in main) joins the profile's history.
   */
  'profiles.save': {
    request: z
      .object({
        profile: profileInputSchema, secrets: secretsByRole.optional(), draftKeys: z.boolean().optional(),
        overwrite: z.boolean().optional(), fromWizard: z.boolean().optional(),
      })
      .strict(),
    result: profileSchema,
  },
  /** Before a save: does the profile exist, and which fields would change (for the question the user is asked). */
  'profiles.previewSave': {
    request: z.object({ profile: profileInputSchema, draftKeys: z.boolean().optional() }).strict(),
    result: z.object({
      exists: z.boolean(),
      updatedAt: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() }).strict()),
    }),
  },
  /** Deletes the profile's keychain entries too. `force`: even when the keychain cannot be reached. */
  'profiles.delete': {
    request: z.object({ name: profileNameSchema, force: z.boolean().optional() }).strict(),
    result: z.object({ deletedSecrets: z.array(z.string()), secretsLeft: z.boolean() }),
  },
  'profiles.setKeys': {
    request: z.object({ name: profileNameSchema, role: secretRoleSchema, credentials: credentialsSchema }).strict().superRefine(registryRoleRule),
    result: z.object({ account: z.string() }),
  },
  /** The profile as JSON without secrets; written to `path` when given (a path from dialog.chooseExportPath). */
  'profiles.export': {
    request: z.object({ name: profileNameSchema, path: z.string().min(1).max(4096).optional() }).strict(),
    result: z.object({ json: z.string(), path: z.string().optional() }),
  },
  'profiles.import': {
    request: z
      .object({ json: z.string().min(1).max(MAX_PROFILE_JSON), name: profileNameSchema.optional(), overwrite: z.boolean().optional() })
      .strict(),
    result: z.object({
      profile: profileSchema,
      fromVersion: z.number(),
      migrations: z.array(z.string()),
      /** What the import left out, and why (e.g. another installation's provisioning journal). */
      notices: z.array(z.string()).default([]),
    }),
  },
} as const;
