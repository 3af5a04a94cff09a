import { z } from 'zod';
import type { ProbeResult } from '../checks';

/**
 * The evidence a user reads: the runner's bookkeeping (what blocked a skipped probe, what it saw
 * meanwhile, whether a probe is advisory) is said in words elsewhere, never shown as raw keys.
 */
const internalKeys = new Set(['ownOutcome', 'blockedBy', 'reason', 'advisory', 'notVerified']);

const labels: Record<string, string> = {
  httpStatus: 'HTTP status',
  iamAction: 'IAM action',
  connectMs: 'Connect time (ms)',
  offsetMs: 'Clock offset (ms)',
  clockOffsetMs: 'Clock offset (ms)',
  timeoutMs: 'Timeout (ms)',
  getStatus: 'GET status',
  headStatus: 'HEAD status',
};

/** "remoteAddress" → "Remote address". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

/** The evidence fields a user reads, labelled in words, in the probe's own order. */
export function userEvidence(result: ProbeResult, shownElsewhere: readonly string[] = []): { label: string; value: string }[] {
  return Object.entries(result.evidence)
    .filter(([key, value]) => !internalKeys.has(key) && !shownElsewhere.includes(key) && value !== undefined && value !== '')
    .map(([key, value]) => ({ label: labels[key] ?? words(key), value: text(value) }));
}

const chainCertSchema = z.object({ subject: z.string(), issuer: z.string(), validTo: z.string(), fingerprint256: z.string() });

/** The certificate chain a TLS probe saw (leaf first), read from its evidence; empty when it saw none. */
export function evidenceChain(result: ProbeResult | undefined): z.infer<typeof chainCertSchema>[] {
  const parsed = z.array(chainCertSchema).safeParse(result?.evidence.chain);
  return parsed.success ? parsed.data : [];
}
