import type { AppErrorData } from './app-error';

/**
 * Plain-language diagnoses for transport failures, keyed by Node's error codes. The storage engine's
 * probes extend this table; the renderer, the CLI and the export all show the same words.
 */
const transportDiagnoses: Record<string, Omit<AppErrorData, 'code'> & { code: string }> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint\'s TLS certificate is signed by a certificate authority this client does not trust (x509: certificate signed by unknown authority).',
    fix: 'Paste the root CA certificate of the storage endpoint into "Root CA certificate", or add it to the system trust store.',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    code: 'TLS_UNKNOWN_CA',
    message: 'The endpoint presents a certificate chain whose root CA this client does not trust.',
    fix: 'Paste that root CA certificate into "Root CA certificate", or add it to the system trust store.',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    code: 'TLS_SELF_SIGNED',
    message: 'The endpoint presents a self-signed certificate that this client does not trust.',
    fix: 'Paste that certificate into "Root CA certificate", or replace it with one signed by a trusted CA.',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    code: 'TLS_HOSTNAME_MISMATCH',
    message: 'The endpoint\'s certificate is not valid for the host name in the endpoint URL.',
    fix: 'Use the host name the certificate was issued for, or reissue the certificate with this name in its subjectAltName.',
  },
  CERT_HAS_EXPIRED: {
    code: 'TLS_CERT_EXPIRED',
    message: 'The endpoint\'s TLS certificate has expired.',
    fix: 'Renew the certificate on the storage endpoint.',
  },
  ENOTFOUND: {
    code: 'DNS_NOT_FOUND',
    message: 'The endpoint\'s host name does not resolve.',
    fix: 'Check the spelling of the endpoint, and the DNS servers this machine uses.',
  },
  ECONNREFUSED: {
    code: 'CONNECTION_REFUSED',
    message: 'Nothing accepts connections at that address and port.',
    fix: 'Check the port in the endpoint URL and that the storage service is running and reachable.',
  },
};

/** Turn a Node/TLS error code into a diagnosis, or undefined when it is not a known transport failure. */
export function diagnoseTransportError(nodeCode: string | undefined): AppErrorData | undefined {
  if (!nodeCode) return undefined;
  const known = transportDiagnoses[nodeCode];
  return known ? { ...known, cause: nodeCode } : undefined;
}
