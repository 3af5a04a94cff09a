import { z } from 'zod';
import { diagnosisSchema } from '../checks';
import { clientTrustModeSchema } from '../profile';
import { storageConfigSchema } from '../storage-config';
import { dtrHostSchema, optionalDtrHostSchema } from '../validation/dtr-host';
import { peerCertSchema, peerChainReportSchema } from './tls';

/** The IPC channels `trust.*` (spread into shared/contract.ts), and the clients' trust choice other channels carry. */

const clientTrustFields = {
  dtrHost: optionalDtrHostSchema,
  mode: clientTrustModeSchema,
  dtrCaPem: z.string().max(1024 * 1024),
  /** The user chose "I know this CA does not verify <host>": the bundle's README records it. */
  dtrCaUnverified: z.boolean().optional(),
};
/** How Docker clients will trust DTR (checks.run's pull probe and the export carry it). */
export const clientTrustRequestSchema = z.object(clientTrustFields).strict();

export const trustChannels = {
  /**
   * Does DTR's host verify with the trust a Docker client gets from this setup (the runtime's roots and
   * certs.d/<dtr-host>/*.crt)? A failed handshake is a verdict with its diagnosis, not an error.
   */
  'trust.verifyDtr': {
    request: z
      .object({ config: storageConfigSchema.strict(), clientTrust: z.object({ ...clientTrustFields, dtrHost: dtrHostSchema }).strict() })
      .strict(),
    result: z.object({
      host: z.string(),
      port: z.number(),
      dtrHost: z.string(),
      dtrCaPem: z.string(),
      verified: z.boolean(),
      diagnosis: diagnosisSchema.optional(),
      report: peerChainReportSchema.optional(),
      trustedBy: z.array(z.string()),
      inspectedRoot: peerCertSchema.optional(),
    }),
  },
} as const;
