import { z } from 'zod';
import { checkRunResultSchema, driverVersionSchema, probeIdSchema, probeIds } from '../checks';
import { keySourceSchema, secretOwnerSchema, secretRoleSchema } from '../profile';
import { validStorageConfigSchema } from '../validation/config-schema';
import { clientTrustRequestSchema } from './trust';

/** The IPC channels `checks.*` (spread into shared/contract.ts): the itemized live checks of an unsaved config. */

export const checksChannels = {
  /**
   * The itemized live checks; `only` re-runs one probe (or a few). Whose keys sign: the keychain entry of a
   * profile (or of the wizard's draft) in one role, or the AWS SDK's credential chain. Keys never travel
   * over IPC here: main reads them from the keychain.
   */
  'checks.run': {
    request: z
      .object({
        config: validStorageConfigSchema,
        only: z.array(probeIdSchema).min(1).max(probeIds.length).optional(),
        owner: secretOwnerSchema,
        role: secretRoleSchema.default('registry'),
        keySource: keySourceSchema.default('keychain'),
        // The pull probe models the clients' trust choice; the driver version picks 2.8's or v3's calls.
        clientTrust: clientTrustRequestSchema.optional(),
        driver: driverVersionSchema.optional(),
      })
      .strict(),
    result: checkRunResultSchema,
  },
} as const;
