import type { ClientTrustMode } from '../profile';

/**
 * verify-client: what the bundle's verify scripts check on a Docker host, and the words they use. The
 * scripts (bash for Linux/macOS, PowerShell for Windows) are rendered from one plan, and print the
 * app's diagnosis codes (shared/diagnosis.ts, the checks) with fixes written for a client.
 */
export interface VerifyClientPlan {
  /** certs.d/<name>: DTR as clients address it (host, or host:port). */
  dtrName: string;
  dtrHost: string;
  dtrPort: number;
  mode: ClientTrustMode;
  /** Where a pulling client goes after the 307; absent when clients never reach storage. */
  storage?: { scheme: 'http' | 'https'; host: string; port: number };
  /** The presigned download written by `export --client-probe`. */
  probe?: { url: string; body: string; expiresAt: number };
}

export const verifyClientPaths = {
  sh: 'scripts/verify-client.sh',
  ps1: 'scripts/verify-client.ps1',
} as const;

/** The check ids, one output line each, in order. */
export const verifyClientCheckIds = ['tools', 'certs-dir', 'dns-dtr', 'tcp-dtr', 'tls-dtr', 'dns-storage', 'tcp-storage', 'tls-storage', 'probe-download'] as const;

/** "dtr.example.com:4443" → host and port; "[::1]:5000" keeps the brackets off the host. */
export function splitDtrName(dtrName: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(dtrName);
  const host = (match?.[1] ?? dtrName).replace(/^\[(.*)\]$/, '$1');
  return { host, port: match?.[2] ? Number(match[2]) : 443 };
}

/**
 * Fixes for each diagnosis code as a client sees it. `%HOST%` is the host the check talked to, `%DIR%`
 * the DTR's certs.d directory on this host, `%CRT%` the bundle file that belongs there.
 */
export const verifyClientFixes: Record<string, string> = {
  TOOL_MISSING: 'Install curl (Debian/Ubuntu: apt-get install curl; RHEL: dnf install curl); macOS ships it.',
  DNS_NOT_FOUND: '%HOST% does not resolve from this host: fix its DNS record or this host\'s resolver (/etc/resolv.conf, /etc/hosts).',
  CONNECTION_REFUSED: 'Nothing accepts connections at %HOST%: check the port, that the service runs, and this host\'s firewall and routes.',
  HOST_UNREACHABLE: 'No route from this host to %HOST%: check its network, routes and firewall.',
  TIMEOUT: '%HOST% did not answer in time: a firewall may drop the traffic; check routes and security groups from this host.',
  CONNECTION_RESET: '%HOST% closed the connection: check for a proxy or a firewall that cuts TLS, and that the port serves HTTPS.',
  HTTPS_TO_HTTP_PORT: '%HOST% answers plain HTTP on that port: the bundle expects HTTPS there; check the endpoint and the port.',
  TLS_UNKNOWN_CA: 'Docker on this host does not trust the CA of %HOST%. Install %CRT% as %DIR%/ (scripts/install-*.sh or ansible/playbook.yml), or put it in the OS trust store and restart Docker. A CA under certs.d/<storage-host>/ is ignored.',
  TLS_WRONG_CA: 'The *.crt files in %DIR% do not sign the certificate of %HOST% (a renewed CA, or the wrong file). Replace them with %CRT% from a fresh bundle.',
  TLS_SELF_SIGNED: '%HOST% presents a self-signed certificate that is not in %DIR%: install %CRT% there, or give %HOST% a CA-signed certificate.',
  TLS_HOSTNAME_MISMATCH: 'The certificate of %HOST% does not name that host: reissue it with %HOST% in its subjectAltName, or address it by a name it carries.',
  TLS_CERT_EXPIRED: 'The certificate of %HOST% has expired (or this host\'s clock is ahead): renew it, and check NTP here.',
  TLS_CERT_NOT_YET_VALID: 'The certificate of %HOST% is not valid yet (or this host\'s clock is behind): check NTP on this host.',
  TLS_UNTRUSTED: 'The certificate chain of %HOST% does not verify with the trust Docker uses here; compare it with `tls-inspect` in the assistant.',
  PROBE_EXPIRED: 'The presigned URL of the client probe has expired. Export the bundle again with --client-probe (valid up to 7 days).',
  OBJECT_MISSING: 'The probe object is gone (a check removes expired probes). Export again with --client-probe.',
  SIGNATURE_MISMATCH: 'The storage service refused the presigned signature: a proxy on this host\'s path may rewrite the request; check HTTPS_PROXY/NO_PROXY.',
  ACCESS_DENIED: 'The storage service refused the presigned download: the registry\'s key may have been rotated or lost s3:GetObject. Run `check` in the assistant.',
  S3_ERROR: 'The storage service refused the presigned download; the line names its error code. Run `check` in the assistant.',
  PROBE_BODY_MISMATCH: 'The download from %HOST% is not the probe object: a proxy or captive portal answered instead. Check HTTPS_PROXY/NO_PROXY on this host.',
  HTTP_UNEXPECTED: '%HOST% answered TLS but not like a registry: check that DTR is served at that address.',
};
