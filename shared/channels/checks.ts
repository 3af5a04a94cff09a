import { z } from 'zod';
import { checkRunResultSchema, driverVersionSchema, probeIdSchema, probeIds, probeResultSchema } from '../checks';
import { secretOwnerSchema, secretRoleSchema } from '../profile';
import { storageConfigSchema } from '../storage-config';
import { validateStorageConfig } from '../validation';
import { validStorageConfigSchema } from '../validation/config-schema';
import { peerCertSchema } from './tls';
import { clientTrustRequestSchema } from './trust';

/** The IPC channels `checks.*` (spread into shared/contract.ts): the itemized live checks of an unsaved config. */

/**
 * The Target step probes an S3-compatible endpoint before a bucket is chosen: the shared endpoint and
 * CA rules apply here (the others wait for their steps), and an endpoint is required.
 */
const endpointProbeConfig = storageConfigSchema.strict().superRefine((value, context) => {
  if (value.provider !== 's3-compatible' || !value.regionendpoint) {
    context.addIssue({ code: 'custom', path: ['regionendpoint'], message: 'the endpoint probe needs an S3-compatible endpoint' });
  }
  for (const error of validateStorageConfig(value).errors) {
    if (error.field === 'regionendpoint' || error.field === 'ca') context.addIssue({ code: 'custom', path: [error.field], message: `${error.code}: ${error.message}` });
  }
});

export const checksChannels = {
  /**
   * The itemized live checks; `only` re-runs one probe (or a few). Whose keys sign: the keychain entry of a
   * profile (or of the wizard's draft) in one role; a keyless config signs with none. Never this machine's AWS
   * credential chain: that is the setup identity, and a green run under it says nothing about what the
   * registry may do. Keys never travel over IPC here: main reads them from the keychain.
   */
  'checks.run': {
    request: z
      .object({
        config: validStorageConfigSchema,
        only: z.array(probeIdSchema).min(1).max(probeIds.length).optional(),
        owner: secretOwnerSchema,
        role: secretRoleSchema.default('registry'),
        // The pull probe models the clients' trust choice; the driver version picks 2.8's or v3's calls.
        clientTrust: clientTrustRequestSchema.optional(),
        driver: driverVersionSchema.optional(),
      })
      .strict(),
    result: checkRunResultSchema,
  },
  /** The Target step's probe: the endpoint's DNS, TCP and TLS as Validate checks them (no keys, no S3 call), and which CA was pasted. */
  'checks.probeEndpoint': {
    request: z.object({ config: endpointProbeConfig }).strict(),
    result: z.object({ probes: z.array(probeResultSchema), ca: z.array(peerCertSchema), caVerifies: z.boolean().optional() }),
  },
} as const;
