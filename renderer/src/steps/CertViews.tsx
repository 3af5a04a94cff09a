import type { PeerChainReportData } from '../../../shared/channels/tls';

type Cert = PeerChainReportData['chain'][number];

/** "AB:CD:…:EF" → its first and last four bytes: enough to compare by eye, short enough to read. */
export const shortFingerprint = (fingerprint256: string): string => {
  const bytes = fingerprint256.split(':');
  return bytes.length > 8 ? `${bytes.slice(0, 4).join(':')}…${bytes.slice(-4).join(':')}` : fingerprint256;
};

/** The chain a server presented, leaf first. */
export function ChainList({ chain }: { chain: Cert[] }) {
  return (
    <ol className="plain">
      {chain.map((c) => (
        <li key={c.fingerprint256}>
          <strong>{c.subject}</strong>{c.isCA ? ' (CA)' : ''}{c.selfSigned ? ' (self-signed)' : ''}
          <br /><span className="muted">issued by {c.issuer}; valid {c.validFrom.slice(0, 10)} to {c.validTo.slice(0, 10)}</span>
          <br /><span className="mono">SHA-256 {c.fingerprint256}</span>
        </li>
      ))}
    </ol>
  );
}

/** One certificate in a line: which one it is (subject, issuer, expiry, short fingerprint). */
export function CertLine({ cert }: { cert: Pick<Cert, 'subject' | 'issuer' | 'validTo' | 'fingerprint256'> }) {
  return (
    <>
      <strong>{cert.subject}</strong>, issued by {cert.issuer}, valid until {cert.validTo.slice(0, 10)},{' '}
      <span className="mono">SHA-256 {shortFingerprint(cert.fingerprint256)}</span>
    </>
  );
}
