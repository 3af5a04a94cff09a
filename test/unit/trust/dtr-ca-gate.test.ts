import { describe, expect, it } from 'vitest';
import { dtrCaGateError, dtrCaOverrideText, dtrCaStatus, dtrTrustSubject, type DtrCaGateInput } from '../../../shared/trust/dtr-ca-gate';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const base: DtrCaGateInput = { trustMode: 'ca', dtrHost: 'dtr.example.com:4443', dtrCaPem: PEM, dtrCaVerifiedFor: '', dtrCaOverrideFor: '' };

describe("the client-trust gate on DTR's CA", () => {
  it('is closed until main verified this host with this CA, or the user overrode for them', () => {
    expect(dtrCaStatus(base)).toBe('unverified');
    expect(dtrCaGateError(base)).toContain('“I know this CA does not verify dtr.example.com:4443”');
    const subject = dtrTrustSubject(base.dtrHost, base.dtrCaPem);
    expect(dtrCaStatus({ ...base, dtrCaVerifiedFor: subject })).toBe('verified');
    expect(dtrCaStatus({ ...base, dtrCaOverrideFor: subject })).toBe('overridden');
    expect(dtrCaGateError({ ...base, dtrCaOverrideFor: subject })).toBeUndefined();
  });

  it('a verdict is voided by another CA or another host, not by surrounding whitespace', () => {
    const verified = { ...base, dtrCaVerifiedFor: dtrTrustSubject(base.dtrHost, base.dtrCaPem) };
    expect(dtrCaStatus({ ...verified, dtrCaPem: `\n${PEM}  ` })).toBe('verified');
    expect(dtrCaStatus({ ...verified, dtrCaPem: PEM.replace('MIIB', 'MIIC') })).toBe('unverified');
    expect(dtrCaStatus({ ...verified, dtrHost: 'dtr.example.com' })).toBe('unverified');
    expect(dtrCaStatus({ ...verified, dtrCaPem: '' })).toBe('unverified');
  });

  it('without a CA it says the public roots alone do not do; an insecure registry needs nothing', () => {
    expect(dtrCaGateError({ ...base, dtrCaPem: '' })).toMatch(/^Clients cannot verify dtr\.example\.com:4443 with the public roots alone/);
    expect(dtrCaStatus({ ...base, trustMode: 'insecure-registry' })).toBe('not-needed');
    expect(dtrCaStatus({ ...base, trustMode: 'disable-redirect' })).toBe('unverified');
    expect(dtrCaOverrideText(' dtr.example.com ')).toBe('I know this CA does not verify dtr.example.com');
  });
});
