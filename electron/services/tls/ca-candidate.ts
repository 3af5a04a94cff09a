import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CertSummary, PeerChainReport } from './peer-chain';

/**
 * Which certificate of a presented chain to offer as "the CA file". The UI shows subject, fingerprint
 * and expiry of `cert` and only saves after the user agrees (trust on first use must be a decision).
 */
export type CaCandidate =
  | { kind: 'root'; cert: CertSummary; note: string }
  | { kind: 'issuer'; cert: CertSummary; note: string }
  | { kind: 'self-signed-leaf'; cert: CertSummary; note: string }
  | { kind: 'unavailable'; note: string };

export function pickCaCandidate(report: Pick<PeerChainReport, 'chain'>): CaCandidate {
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

/** Write the chosen CA as PEM (public data: mode 0644). */
export async function saveCaCandidate(cert: CertSummary, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, cert.pem, { mode: 0o644 });
}
