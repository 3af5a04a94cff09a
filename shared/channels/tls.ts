import { z } from 'zod';

/** The IPC channels `tls.*` (spread into shared/contract.ts): the certificate chain an endpoint presents. */

export const peerCertSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  subjectAltNames: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  isCA: z.boolean(),
  selfSigned: z.boolean(),
  pem: z.string(),
});
const verdict = z.object({ ok: z.boolean(), code: z.string().optional() });
export const peerChainReportSchema = z.object({
  host: z.string(),
  port: z.number(),
  servername: z.string(),
  chain: z.array(peerCertSchema),
  protocol: z.string().optional(),
  trustedBySystem: verdict,
  trustedByCa: verdict.optional(),
  hostnameValid: z.object({ ok: z.boolean(), reason: z.string().optional() }),
});
export type PeerChainReportData = z.infer<typeof peerChainReportSchema>;

export const tlsChannels = {
  /** The certificate chain a TLS endpoint presents, checked against the system roots and an optional CA. */
  'tls.inspect': {
    request: z
      .object({
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65535),
        caPem: z.string().max(1024 * 1024).optional(),
      })
      .strict(),
    result: peerChainReportSchema,
  },
} as const;
