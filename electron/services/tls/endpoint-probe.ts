import { X509Certificate } from 'node:crypto';
import type { ProbeResult } from '../../../shared/checks';
import type { StorageConfig } from '../../../shared/storage-config';
import { runChecks } from '../checks/runner';
import { summarizeCertificate, type CertSummary } from './peer-chain';

export interface EndpointProbe {
  /** The transport probes of the Validate step (DNS, TCP, TLS), with their own diagnoses. */
  probes: ProbeResult[];
  /** Each certificate pasted as the endpoint's CA, in the order given. */
  ca: CertSummary[];
  /** Whether the pasted CA verifies the endpoint; absent without a CA or when TLS was never reached. */
  caVerifies?: boolean;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text (the shared PEM rule has already refused a malformed one). */
export function describeCaPem(pem: string): CertSummary[] {
  return (pem.match(PEM_BLOCK) ?? []).slice(0, 16).map((block) => summarizeCertificate(new X509Certificate(block)));
}

/**
 * The Target step's probe: the endpoint's DNS, TCP and TLS, run by the checks' own runner (one
 * diagnosis engine with Validate), and which CA was pasted. No credentials and no S3 request.
 */
export async function probeEndpoint(config: StorageConfig, opts: { signal?: AbortSignal } = {}): Promise<EndpointProbe> {
  const ca = config.ca.trim() ? describeCaPem(config.ca) : [];
  const run = await runChecks(config, undefined, { only: ['dns', 'tcp', 'tls'], ...(opts.signal ? { signal: opts.signal } : {}) });
  const tls = run.probes.find((p) => p.id === 'tls');
  const reached = config.secure && ca.length > 0 && tls !== undefined && tls.status !== 'skipped';
  return { probes: run.probes, ca, ...(reached ? { caVerifies: tls.status !== 'fail' } : {}) };
}
