// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTitles, type ProbeResult } from '../../../shared/checks';
import { EndpointStatus } from './EndpointProbe';
import { ValidateResults } from './ValidateResults';

/**
 * TLS_WRONG_CA's fix says the chain the endpoint presents is listed with the result: it must be, on the
 * Target step's probe and on Validate, as certificates (subject, issuer, expiry, fingerprint), not JSON.
 */
const chain = [
  { subject: 'CN=rgw.internal', issuer: 'CN=Corp Issuing CA', subjectAltNames: 'DNS:rgw.internal', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', fingerprint256: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55' },
  { subject: 'CN=Corp Issuing CA', issuer: 'CN=Corp Root CA', subjectAltNames: '', validFrom: '2025-01-01T00:00:00.000Z', validTo: '2030-01-01T00:00:00.000Z', fingerprint256: '01:02:03:04:05:06:07:08:09:0A:0B:0C' },
];
const wrongCa: ProbeResult = {
  id: 'tls', title: probeTitles.tls, status: 'fail', durationMs: 12,
  evidence: { host: 'rgw.internal', port: 443, chain, trustedByGivenCa: 'no (UNABLE_TO_GET_ISSUER_CERT)' },
  diagnosis: { code: 'TLS_WRONG_CA', message: 'The root CA certificate given does not sign this endpoint\'s chain (issued by CN=Corp Root CA).', fix: 'Paste the root CA that issued the endpoint\'s certificate: the chain it presents is listed with this result, and its last certificate\'s issuer is that CA.' },
};

afterEach(cleanup);

describe('the chain a TLS diagnosis refers to', () => {
  it('the Target step lists it under the diagnosis, leaf first', () => {
    render(<EndpointStatus endpoint="https://rgw.internal" probe={{ running: false, fresh: { probes: [wrongCa], ca: [] }, cancelled: false, cancel: () => undefined }} />);
    const group = screen.getByRole('group', { name: 'The certificate chain the endpoint presents' });
    const items = within(group).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'CN=rgw.internal, issued by CN=Corp Issuing CA, valid until 2027-01-01, SHA-256 AA:BB:CC:DD…22:33:44:55',
      'CN=Corp Issuing CA, issued by CN=Corp Root CA, valid until 2030-01-01, SHA-256 01:02:03:04…09:0A:0B:0C',
    ]);
  });

  it('a probe that saw no chain lists none', () => {
    const refused: ProbeResult = { ...wrongCa, evidence: { host: 'rgw.internal', port: 443 }, diagnosis: { code: 'CONNECTION_REFUSED', message: 'Nothing accepts connections at that address and port.', fix: 'Check the port.' } };
    render(<EndpointStatus endpoint="https://rgw.internal" probe={{ running: false, fresh: { probes: [refused], ca: [] }, cancelled: false, cancel: () => undefined }} />);
    expect(screen.queryByRole('group', { name: 'The certificate chain the endpoint presents' })).toBeNull();
  });

  it('Validate shows it in the evidence as certificates, not as JSON', () => {
    render(<ValidateResults checks={{ results: [wrongCa], leftovers: [] }} running={false} progress={[]} onRun={() => undefined} canShow={() => true} />);
    const row = screen.getByRole('heading', { name: probeTitles.tls }).closest('li') as HTMLElement;
    expect(within(row).getByText('The certificate chain presented (its own certificate first):')).toBeTruthy();
    expect(row.textContent).toContain('CN=rgw.internal, issued by CN=Corp Issuing CA');
    expect(row.textContent).not.toContain('"fingerprint256"');
    expect(within(row).getByText('Trusted by given ca')).toBeTruthy();
  });
});
