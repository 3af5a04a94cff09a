import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/app-error';
import type { ProbeResult } from '../../../shared/checks';
import type { StorageConfig } from '../../../shared/storage-config';
import { runChecks } from '../checks/runner';
import { summarizeCertificate, type CertSummary } from './peer-chain';

export interface EndpointProbe {
  /** The transport probes of the Validate step (DNS, TCP, TLS), with their own diagnoses. */
  probes: ProbeResult[];
  /** Each certificate pasted as the endpoint's CA, in the order given. */
  ca: CertSummary[];
  /**
   * Whether the pasted CA verifies the chain the endpoint presents (the host name and expiry are the TLS
   * probe's other verdicts); absent without a CA or when no chain was read (no TLS reached).
   */
  caVerifies?: boolean;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text (the shared PEM rule has already refused a malformed one at the door). */
export function describeCaPem(pem: string): CertSummary[] {
  return (pem.match(PEM_BLOCK) ?? []).slice(0, 16).map((block, index) => {
    try {
      return summarizeCertificate(new X509Certificate(block));
    } catch {
      // Well-formed DER that is still no certificate Node can read: the field's problem, not an internal error.
      throw new AppError({ code: 'PEM_BAD_DER', message: `Certificate ${index + 1} of the root CA text cannot be read as an X.509 certificate.`, fix: 'Copy the certificate again, or export it from its source in PEM format.' });
    }
  });
}

/**
 * The Target step's probe: the endpoint's DNS, TCP and TLS, run by the checks' own runner (one diagnosis
 * engine with Validate), and which CA was pasted. No credentials and no S3 request. The bucket is left
 * out: this step is about the endpoint itself (a bucket host name is the Validate step's concern).
 */
export async function probeEndpoint(config: StorageConfig, opts: { signal?: AbortSignal } = {}): Promise<EndpointProbe> {
  const ca = config.ca.trim() ? describeCaPem(config.ca) : [];
  const run = await runChecks({ ...config, bucket: '' }, undefined, { only: ['dns', 'tcp', 'tls'], ...(opts.signal ? { signal: opts.signal } : {}) });
  if (opts.signal?.aborted) throw new AppError({ code: 'CANCELLED', message: 'The endpoint check was cancelled.', fix: 'Change the endpoint or its CA to check again.' });
  // The TLS probe's own verdict on the given CA (its evidence), so a host name mismatch or a skipverify
  // warning is not mistaken for "this CA does not verify".
  const givenCa = run.probes.find((p) => p.id === 'tls')?.evidence.trustedByGivenCa;
  const verdict = ca.length > 0 && typeof givenCa === 'string' ? { caVerifies: givenCa === 'yes' } : {};
  return { probes: run.probes, ca, ...verdict };
}
