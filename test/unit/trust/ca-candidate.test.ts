import { describe, expect, it } from 'vitest';
import { pickCaCandidate, type ChainCert } from '../../../shared/trust/ca-candidate';

const cert = (subject: string, issuer: string, selfSigned = false): ChainCert => ({
  subject,
  issuer,
  validTo: '2030-01-01T00:00:00.000Z',
  fingerprint256: `FP:${subject}`,
  selfSigned,
  pem: `PEM ${subject}`,
});

describe('pickCaCandidate', () => {
  it('offers the self-signed root at the top of the chain', () => {
    const c = pickCaCandidate({ chain: [cert('CN=leaf', 'CN=int'), cert('CN=int', 'CN=root'), cert('CN=root', 'CN=root', true)] });
    expect(c.kind).toBe('root');
    if (c.kind === 'root') expect(c.cert.subject).toBe('CN=root');
  });

  it('offers the highest issuer when the root is not sent, and says so', () => {
    const c = pickCaCandidate({ chain: [cert('CN=leaf', 'CN=int'), cert('CN=int', 'CN=root')] });
    expect(c.kind).toBe('issuer');
    if (c.kind === 'issuer') expect(c.cert.subject).toBe('CN=int');
    expect(c.note).toMatch(/does not send its root CA/);
  });

  it('pins a self-signed leaf, and offers nothing for a lone leaf or an empty chain', () => {
    expect(pickCaCandidate({ chain: [cert('CN=s', 'CN=s', true)] }).kind).toBe('self-signed-leaf');
    const lone = pickCaCandidate({ chain: [cert('CN=leaf', 'CN=Corp Issuing CA')] });
    expect(lone.kind).toBe('unavailable');
    expect(lone.note).toContain('CN=Corp Issuing CA');
    expect(pickCaCandidate({ chain: [] }).kind).toBe('unavailable');
  });
});
