import { z } from 'zod';
import { s3ServerKinds } from '../s3-server';
import { providerSchema } from '../storage-config';

/** The IPC channels `regions.*` (spread into shared/contract.ts): latency to the S3 endpoints. */

export const regionLatencySchema = z.object({
  region: z.string(),
  host: z.string(),
  status: z.enum(['ok', 'unreachable', 'timeout']),
  /** Time to the first response byte of one HTTPS (or HTTP) HEAD, connection included. */
  rttMs: z.number().nonnegative().optional(),
  /** The transport error code when unreachable (ENOTFOUND, ECONNREFUSED, …). */
  code: z.string().optional(),
  /** Which server answered, guessed from the answer's headers (shared/s3-server.ts). */
  server: z.object({ kind: z.enum(s3ServerKinds), evidence: z.string().max(200) }).optional(),
});
export type RegionLatency = z.infer<typeof regionLatencySchema>;

export const regionsChannels = {
  /** RTT to every region's S3 endpoint (AWS) or to the one endpoint (S3-compatible), in parallel. */
  'regions.measureLatency': {
    request: z
      .object({
        provider: providerSchema,
        endpoint: z.string().max(2048).optional(),
        timeoutMs: z.number().int().min(100).max(10_000).optional(),
      })
      .strict(),
    result: z.object({ results: z.array(regionLatencySchema), recommended: z.string().optional() }),
  },
} as const;
