import { rootCertificates } from 'node:tls';
import type { ClientTrust } from '../../../shared/profile';
import type { StorageConfig } from '../../../shared/storage-config';
import { bundlePaths, certsDirName, planClientTrust } from '../../../shared/trust/cert-layout';

/** Stands in for DTR's address when none is known yet: it names the certs.d directory and nothing else. */
const UNKNOWN_DTR_HOST = 'dtr-host.invalid';

/** DTR's host as typed, or the stand-in while it is empty or not (yet) a host[:port]. */
function usableDtrHost(dtrHost: string): string {
  try {
    certsDirName(dtrHost);
    return dtrHost;
  } catch {
    return UNKNOWN_DTR_HOST;
  }
}

/** What a Docker client following the registry's 307 to the storage host would trust. */
export type ClientTrustModel =
  | { kind: 'skip'; reason: string }
  | { kind: 'insecure'; note: string }
  | { kind: 'verify'; ca: string[]; sources: string[] };

/**
 * The trust set of a Docker client under the chosen client-trust choice, built only from what that
 * client has: the root certificates that ship with the runtime (never this machine's environment:
 * NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and the like are not on the clients) plus the CA files the bundle
 * lays out under certs.d/<dtr-host>/ (Docker checks the redirected download against the DTR host's
 * directory, domain.md "Client trust"). The OS-trust-store route installs the same storage CA, so it
 * gives the same set.
 */
export function clientTrustModel(config: StorageConfig, trust: ClientTrust): ClientTrustModel {
  if (config.redirect.disable || trust.mode === 'disable-redirect') {
    return {
      kind: 'skip',
      reason: 'Redirects are disabled (storage.redirect.disable: true): the registry streams blobs itself and clients never connect to the storage endpoint.',
    };
  }
  if (trust.mode === 'insecure-registry') {
    return { kind: 'insecure', note: 'DTR is an insecure registry for the clients: Docker checks no certificate on the redirected download either.' };
  }
  return { kind: 'verify', ...dockerTrustSet(config, trust) };
}

/**
 * What a Docker engine trusts for DTR's host (and so for the redirected download): the runtime's roots
 * plus every *.crt the bundle lays out in certs.d/<dtr-host>/. The pull probe and DTR's own verification
 * (tls/dtr-trust.ts) both use it.
 */
export function dockerTrustSet(config: StorageConfig, trust: ClientTrust): { ca: string[]; sources: string[] } {
  const plan = planClientTrust({ config, dtrHost: usableDtrHost(trust.dtrHost), mode: trust.mode, dtrCaPem: trust.dtrCaPem });
  const dir = `${bundlePaths.certsDir(plan.certsDir)}/`;
  // Docker reads every *.crt in that directory as a CA (a .cert/.key pair would be a client certificate).
  const files = plan.files.filter((f) => f.bundlePath.startsWith(dir) && f.bundlePath.endsWith('.crt'));
  return {
    ca: [...rootCertificates, ...files.map((f) => f.content)],
    sources: [`the runtime's ${rootCertificates.length} root certificates`, ...files.map((f) => f.bundlePath)],
  };
}
