// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { trustChannels } from '../../../shared/channels/trust';
import type { ChannelResult } from '../../../shared/contract';
import { planClientTrust } from '../../../shared/trust/cert-layout';
import { dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import TrustStep from './TrustStep';

/**
 * The Client trust step, driven through the wizard's reducer, with main's `trust.verifyDtr` answered here:
 * a CA that does not verify DTR keeps the gate shut and says why; "Use the inspected root" puts DTR's own
 * root in the field, which is verified again and opens the gate; the explicit override holds only for the
 * host and CA it was chosen for.
 */
const pem = (name: string) => `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----`;
const DTR_ROOT = pem('dtr-root');
const OTHER_CA = pem('other-ca');

const cert = (subject: string, text: string) => ({
  subject, issuer: subject, subjectAltNames: [], validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z',
  fingerprint256: 'AA:BB:CC:DD:00:11:22:33', isCA: true, selfSigned: true, pem: text,
});

/** main's verdict: DTR's chain ends at DTR_ROOT, so only that CA verifies it. */
function verdict(dtrHost: string, dtrCaPem: string): ChannelResult<'trust.verifyDtr'> {
  const verified = dtrCaPem.trim() === DTR_ROOT;
  return {
    host: dtrHost, port: 443, dtrHost, dtrCaPem, verified, trustedBy: ['certs.d/dtr.example.com/ca.crt'],
    ...(verified ? {} : {
      diagnosis: { code: 'TLS_WRONG_CA', message: `The CA a client gets does not sign ${dtrHost}'s chain.`, fix: 'Paste the CA that issued DTR\'s certificate.' },
      inspectedRoot: cert('CN=dtr root', DTR_ROOT),
    }),
  };
}

const onRgw: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', dtrHost: 'dtr.example.com', trustMode: 'ca', dtrCaPem: OTHER_CA } },
  { type: 'providerChosen', provider: 's3-compatible' },
  { type: 'configEdited', patch: { regionendpoint: 'https://rgw.lab:7480', bucket: 'registry-data', forcepathstyle: true } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

function renderTrust(start: WizardFlow) {
  const asked: string[] = [];
  const { seen } = renderStep(TrustStep, start, (channel, request) => {
    if (channel !== 'trust.verifyDtr') return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } };
    // Every request the step sends passes the channel's own contract (the door main applies).
    const parsed = trustChannels['trust.verifyDtr'].request.parse(request);
    asked.push(parsed.clientTrust.dtrCaPem);
    return { ok: true, value: verdict(parsed.clientTrust.dtrHost, parsed.clientTrust.dtrCaPem) };
  });
  return { seen, asked };
}

const gate = (flow: WizardFlow) => stepErrors('trust', flow.values, flow.secrets);
// The check starts once typing settles (400 ms): an outcome to wait for, not a state to catch. Budgets, not
// waits: on a loaded machine rendering and typing alone can take seconds.
const settled = { timeout: 30_000 };

afterEach(cleanup);

describe('Client trust', { timeout: 120_000 }, () => {
  it('a CA that does not verify DTR keeps the gate shut; "Use the inspected root" verifies and opens it', async () => {
    const { seen, asked } = renderTrust(onRgw);
    await screen.findByText('Not verified', {}, settled);
    expect(screen.getByText(/does not sign dtr\.example\.com's chain/)).toBeTruthy();
    expect(gate(seen.flow).dtrCaPem).toMatch(/^This CA has not verified dtr\.example\.com/);

    await userEvent.click(screen.getByRole('button', { name: 'Use the inspected root' }));
    expect(seen.flow.values.dtrCaPem).toBe(DTR_ROOT);
    await screen.findByText('Verified', {}, settled);
    expect(asked).toEqual([OTHER_CA, DTR_ROOT]);
    expect(seen.flow.values.dtrCaVerifiedFor).toBe(dtrTrustSubject('dtr.example.com', DTR_ROOT));
    expect(gate(seen.flow)).toEqual({});
  });

  it('the override opens the gate for this host and this CA only: another CA shuts it again', async () => {
    const { seen } = renderTrust(onRgw);
    await screen.findByText('Not verified', {}, settled);
    await userEvent.click(screen.getByRole('checkbox', { name: 'I know this CA does not verify dtr.example.com' }));
    expect(seen.flow.values.dtrCaOverrideFor).toBe(dtrTrustSubject('dtr.example.com', OTHER_CA));
    expect(gate(seen.flow)).toEqual({});

    const field = screen.getByRole('textbox', { name: /DTR's CA certificate/ });
    await userEvent.clear(field);
    await userEvent.type(field, 'x');
    expect(gate(seen.flow).dtrCaPem).toMatch(/^This CA has not verified dtr\.example\.com/);
    await screen.findByText('Not verified', {}, settled);
    expect(screen.getByRole('checkbox', { name: 'I know this CA does not verify dtr.example.com' })).toHaveProperty('checked', false);
  });
});

describe('Client trust: the storage endpoint it offers to inspect', () => {
  const inspectButton = (flow: WizardFlow) => {
    renderTrust(flow);
    return screen.getByRole('region', { name: "Storage endpoint's certificate" }).querySelector('button')?.textContent;
  };
  const onAws = (region: string): WizardFlow => [
    { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', dtrHost: 'dtr.example.com', trustMode: 'ca', dtrCaPem: OTHER_CA } },
    { type: 'providerChosen', provider: 'aws' },
    { type: 'configEdited', patch: { region, bucket: 'registry-data' } },
  ].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

  // The same rule as the checks' probe target (shared/storage-endpoint.ts): AWS's endpoint in the region's
  // partition. China's is under amazonaws.com.cn; amazonaws.com there is not the bucket's endpoint.
  it.each([
    ['eu-central-1', 'Inspect s3.eu-central-1.amazonaws.com:443'],
    ['cn-north-1', 'Inspect s3.cn-north-1.amazonaws.com.cn:443'],
  ])('on AWS in %s: %s', (region, label) => {
    expect(inspectButton(onAws(region))).toBe(label);
  });

  it('an S3-compatible endpoint: its own host and port', () => {
    expect(inspectButton(onRgw)).toBe('Inspect rgw.lab:7480');
  });
});

describe('Client trust: the insecure-registries preview', () => {
  // The merged daemon.json shown is what the bundle and its scripts write: the host as the DTR host rule
  // names it (lower case), not the field as typed.
  it('shows the entry the bundle writes, merged into the pasted daemon.json', async () => {
    const flow = [
      { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com:4443', dtrHost: 'DTR.Example.com:4443', trustMode: 'insecure-registry', existingDaemonJson: '{ "debug": true }' } },
      { type: 'providerChosen', provider: 's3-compatible' },
      { type: 'configEdited', patch: { regionendpoint: 'https://rgw.lab:7480', bucket: 'registry-data', forcepathstyle: true } },
    ].reduce<WizardFlow>((state, action) => reduce(state, action as WizardAction), initialFlow);
    renderTrust(flow);
    const plan = planClientTrust({ config: flow.values.config, dtrHost: flow.values.dtrHost, mode: 'insecure-registry', dtrCaPem: '' });
    expect(plan.insecureRegistries).toEqual(['dtr.example.com:4443']);
    const preview = screen.getByLabelText('Merged daemon.json');
    expect(JSON.parse(preview.textContent ?? '')).toEqual({ debug: true, 'insecure-registries': ['dtr.example.com:4443'] });
    expect(gate(flow).existingDaemonJson).toBeUndefined();
  });
});
