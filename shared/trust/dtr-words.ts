import type { Diagnosis } from '../checks';

/**
 * The DTR check's words. Its verdicts come from the same TLS and transport tables as the storage probes,
 * whose messages speak of "the endpoint" and whose fixes point at the storage's fields. On the Trust step
 * the server is DTR and the fix is DTR's: its CA field, its certificate (`mirantis/dtr reconfigure
 * --dtr-cert/--dtr-key/--dtr-ca`, docs.mirantis.com/msr/2.8/cli-ref/reconfigure.html), its host and port.
 */
const reconfigure = 'docker run -it --rm mirantis/dtr reconfigure --dtr-cert "$(cat cert.pem)" --dtr-key "$(cat key.pem)" --dtr-ca "$(cat ca.pem)" (plus your UCP options)';
const pasteCa = 'Paste the CA that issued DTR\'s certificate into "DTR\'s CA certificate" (or use the inspected root).';

const words: Record<string, (host: string, problem: Diagnosis) => Pick<Diagnosis, 'message' | 'fix'>> = {
  TLS_WRONG_CA: (_host, problem) => ({ message: problem.message, fix: pasteCa }),
  TLS_UNKNOWN_CA: (host) => ({ message: `DTR's certificate chain (${host}) is signed by a CA that a Docker client with these files does not trust.`, fix: pasteCa }),
  TLS_SELF_SIGNED: (host) => ({ message: `DTR (${host}) presents a self-signed certificate that a Docker client with these files does not trust.`, fix: pasteCa }),
  TLS_UNTRUSTED: (host, problem) => ({ message: `DTR's certificate chain (${host}) does not verify (${problem.cause ?? 'unknown reason'}).`, fix: pasteCa }),
  TLS_HOSTNAME_MISMATCH: (host) => ({
    message: `DTR's certificate is not valid for ${host}: a Docker client refuses it (x509: certificate is valid for other names).`,
    fix: `Enter DTR's host as its certificate names it (its subjectAltName), or reissue DTR's certificate with ${host} in its subjectAltName and install it: ${reconfigure}.`,
  }),
  TLS_CERT_EXPIRED: (host) => ({
    message: `DTR's certificate (${host}) has expired (or this machine's clock is ahead): a Docker client refuses it.`,
    fix: `Check this machine's clock (NTP); if it is right, renew DTR's certificate and install it: ${reconfigure}.`,
  }),
  TLS_CERT_NOT_YET_VALID: (host) => ({
    message: `DTR's certificate (${host}) is not valid yet (or this machine's clock is behind).`,
    fix: 'Check this machine\'s clock (NTP), or wait until the certificate\'s start date.',
  }),
  DNS_NOT_FOUND: (host) => ({ message: `DTR's host name (${host}) does not resolve from this machine.`, fix: 'Check the spelling of DTR\'s host, and the DNS servers this machine uses.' }),
  DNS_UNAVAILABLE: (host) => ({ message: `DTR's host name (${host}) could not be resolved: no DNS server answered.`, fix: 'Check this machine\'s DNS servers and network connection.' }),
  CONNECTION_REFUSED: (host) => ({ message: `Nothing accepts connections at DTR's address (${host}).`, fix: 'Check DTR\'s host and port (443 unless DTR was installed with --replica-https-port), and that DTR is running.' }),
  HOST_UNREACHABLE: (host) => ({ message: `There is no network route to DTR (${host}).`, fix: 'Check DTR\'s host, and this machine\'s network and firewall.' }),
  TIMEOUT: (host) => ({ message: `DTR (${host}) did not answer in time.`, fix: 'Check DTR\'s host and port, and that no firewall silently drops the traffic.' }),
  TLS_TIMEOUT: (host) => ({ message: `DTR (${host}) did not complete a TLS handshake in time.`, fix: 'Check that the port is DTR\'s HTTPS port, and that no firewall drops the connection.' }),
  CONNECTION_RESET: (host) => ({ message: `DTR (${host}) closed the connection abruptly.`, fix: 'Check that the port is DTR\'s HTTPS port, and that no proxy or firewall cuts the connection.' }),
  HTTPS_TO_HTTP_PORT: (host) => ({ message: `The port given for DTR (${host}) answers in plain HTTP, not HTTPS.`, fix: 'Use DTR\'s HTTPS port (443 unless DTR was installed with --replica-https-port).' }),
};

/** A verdict about DTR's host in DTR's words; a code with no DTR wording says whose host it is about. */
export function dtrDiagnosis(problem: Diagnosis, dtrHost: string): Diagnosis {
  const own = words[problem.code];
  if (own) return { ...problem, ...own(dtrHost, problem) };
  return { ...problem, message: `DTR (${dtrHost}): ${problem.message}` };
}
