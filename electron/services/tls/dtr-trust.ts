import { AppError } from '../../../shared/app-error';
import type { Diagnosis } from '../../../shared/checks';
import type { ClientTrust } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import { pickCaCandidate } from '../../../shared/trust/ca-candidate';
import { dtrDiagnosis } from '../../../shared/trust/dtr-words';
import { checkDtrHost } from '../../../shared/validation/dtr-host';
import { dockerTrustSet } from '../checks/client-trust';
import { chainProblem } from '../checks/tls';
import { inspectPeerChain, type CertSummary, type PeerChainReport } from './peer-chain';

export interface DtrTrustVerdict {
  host: string;
  port: number;
  /** The host and CA text this verdict is about, as given (so the caller can tell a stale answer). */
  dtrHost: string;
  dtrCaPem: string;
  verified: boolean;
  diagnosis?: Diagnosis;
  report?: PeerChainReport;
  /** What the modelled client trusted: the runtime's roots and the certs.d files. */
  trustedBy: string[];
  /** A self-signed root the server itself sent that is not the given CA: "Use the inspected root". */
  inspectedRoot?: CertSummary;
}

/**
 * Does DTR's host verify for a Docker client that got this step's files? The trust set is the one the
 * pull probe models (dockerTrustSet: the runtime's roots plus certs.d/<dtr-host>/*.crt, never this
 * machine's environment), the chain is judged by the same chainProblem as the Validate step's TLS probe.
 */
export async function verifyDtrTrust(
  config: StorageConfig,
  trust: ClientTrust,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<DtrTrustVerdict> {
  const found = checkDtrHost(trust.dtrHost);
  if (!found.ok) throw new AppError({ code: 'TRUST_BAD_DTR_HOST', message: found.message, fix: found.fix });
  const host = found.address.host.replace(/^\[(.*)\]$/, '$1');
  const port = found.address.port ?? 443;
  const set = dockerTrustSet(config, trust);
  const base = { host, port, dtrHost: trust.dtrHost, dtrCaPem: trust.dtrCaPem, trustedBy: set.sources };
  let report: PeerChainReport;
  try {
    report = await inspectPeerChain({ host, port, caPem: set.ca, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'ABORTED') throw error;
    const data = error.toData();
    const problem = { code: data.code, message: data.message, fix: data.fix ?? '', ...(data.cause ? { cause: data.cause } : {}) };
    return { ...base, verified: false, diagnosis: dtrDiagnosis(problem, trust.dtrHost) };
  }
  // Judged on the client's trust set only (never this machine's roots): a pasted DTR CA that does not
  // sign the chain is "the wrong CA", no CA at all is "an unknown CA".
  const problem = chainProblem(report, Boolean(trust.dtrCaPem.trim()), report.trustedByCa ?? { ok: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }, `DTR's (${trust.dtrHost})`);
  const candidate = pickCaCandidate(report);
  const given = trust.dtrCaPem.replace(/\s+/g, '');
  const inspectedRoot = candidate.kind === 'root' && !given.includes(candidate.cert.pem.replace(/\s+/g, '')) ? candidate.cert : undefined;
  return {
    ...base,
    verified: !problem,
    report,
    // The words name DTR and the fix is DTR's (the TLS probe's name the storage endpoint).
    ...(problem ? { diagnosis: dtrDiagnosis(problem, trust.dtrHost) } : {}),
    ...(inspectedRoot ? { inspectedRoot } : {}),
  };
}
