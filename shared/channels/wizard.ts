import { z } from 'zod';
import { appErrorSchema } from '../app-error';
import { profileNameSchema, profileSchema, secretRoleSchema, wizardStateSchema } from '../profile';
import { credentialsSchema, registryRoleRule, storedKeySchema } from './profiles';

/**
 * The IPC channels `wizard.*` (spread into shared/contract.ts): the wizard's saved state and its draft keys
 * (kept in the keychain under the draft's owner until a profile is saved).
 */
const empty = z.object({}).strict();
/** The wizard's autosave session: a clear starts a new one, and saves of an older one are refused. */
const session = z.string().min(1).max(64);
/** Which roles' keys the keychain holds for the draft (never a secret). */
const storedKeys = z.object({ setup: storedKeySchema.optional(), registry: storedKeySchema.optional() }).strict();

export const wizardChannels = {
  /** Cheap: call it as the user types; the service writes after a short quiet period. `session`: from wizard.loadState. */
  'wizard.saveState': {
    request: wizardStateSchema.extend({ session }).strict(),
    result: empty,
  },
  /** Resume: the saved step and values, and which keys the keychain holds (never a secret). */
  'wizard.loadState': {
    request: empty,
    result: z.object({
      state: wizardStateSchema.optional(),
      keys: storedKeys,
      session,
      problems: z.array(appErrorSchema),
    }),
  },
  /** A key typed before the profile exists: kept in the keychain as the wizard's draft. */
  'wizard.saveDraftSecret': {
    request: z.object({ role: secretRoleSchema, credentials: credentialsSchema }).strict().superRefine(registryRoleRule),
    result: empty,
  },
  /** Continue a saved profile: main copies its keys into the draft; the renderer learns which roles are stored. */
  'wizard.continueProfile': {
    request: z.object({ name: profileNameSchema }).strict(),
    result: z.object({
      profile: profileSchema,
      keys: storedKeys,
    }),
  },
  /** Start over: forget the saved state and the draft secrets; saves continue under the new session. */
  'wizard.clearState': {
    request: empty,
    result: z.object({ session }),
  },
} as const;
