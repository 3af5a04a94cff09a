// Which certificate of a presented chain to offer as "the CA file". Pure: the wizard computes it from a
// `tls.inspect` result, the CLI from inspectPeerChain. The caller shows subject, fingerprint and expiry
// of `cert` and saves only after the user agrees: trust on first use must be a decision.

/** The fields of a chain certificate (peer-chain.ts CertSummary) the choice depends on. */
export interface ChainCert {
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint256: string;
  selfSigned: boolean;
  pem: string;
}

export type CaCandidate<C extends ChainCert = ChainCert> =
  | { kind: 'root'; cert: C; note: string }
  | { kind: 'issuer'; cert: C; note: string }
  | { kind: 'self-signed-leaf'; cert: C; note: string }
  | { kind: 'unavailable'; note: string };

export function pickCaCandidate<C extends ChainCert>(report: { chain: C[] }): CaCandidate<C> {
  const { chain } = report;
  const leaf = chain[0];
  const top = chain[chain.length - 1];
  if (!leaf || !top) return { kind: 'unavailable', note: 'The server presented no certificate.' };
  if (chain.length === 1) {
    if (leaf.selfSigned) {
      return {
        kind: 'self-signed-leaf',
        cert: leaf,
        note: 'The server uses a self-signed certificate. Trusting it pins this exact certificate: when it is renewed, every client must get the new one.',
      };
    }
    return {
      kind: 'unavailable',
      note: `The server sends only its own certificate, not its issuer ("${leaf.issuer}"). Ask whoever runs that CA for its root certificate (PEM).`,
    };
  }
  if (top.selfSigned) {
    return {
      kind: 'root',
      cert: top,
      note: 'This is the root CA of the chain. Compare its fingerprint with one obtained from your PKI team before trusting it.',
    };
  }
  return {
    kind: 'issuer',
    cert: top,
    note: 'The server does not send its root CA; this is the highest issuer it presents. Docker (Go) accepts an intermediate as a trust anchor, but a root from your PKI team lasts longer.',
  };
}
