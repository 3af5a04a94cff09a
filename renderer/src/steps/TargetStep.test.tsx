// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { checksChannels } from '../../../shared/channels/checks';
import { profilesChannels } from '../../../shared/channels/profiles';
import { wizardChannels } from '../../../shared/channels/wizard';
import { PROFILE_SCHEMA_VERSION } from '../../../shared/profile';
import { dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, type WizardFlow } from '../../../shared/wizard/state';
import TargetStep from './TargetStep';
import { realCaPem } from '../../../test/unit/real-ca';

/**
 * The Target step, driven through the wizard's reducer, with main's answers given here (each request parsed
 * with its channel's contract, each answer with the channel's result schema, so neither side is invented).
 */
// Real certificates: the shared CA rule parses the DER, and the probe is asked only for a CA that passes it.
const pki = mkdtempSync(join(tmpdir(), 'target-step-'));
afterAll(() => rmSync(pki, { recursive: true, force: true }));
const CA = realCaPem(pki, 'pasted CA');
const DTR_CA = '-----BEGIN CERTIFICATE-----\ndtr-ca\n-----END CERTIFICATE-----';
const NOW = '2026-11-30T12:00:00.000Z';
const cert = (subject: string, issuer: string) => ({
  subject, issuer, subjectAltNames: [], validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z',
  fingerprint256: `${subject.length.toString(16).padStart(2, '0')}:AA:BB:CC:DD:EE:FF:00`, isCA: subject === issuer, selfSigned: subject === issuer, pem: CA,
});

const saved = {
  schemaVersion: PROFILE_SCHEMA_VERSION, name: 'prod-dtr', createdAt: NOW, updatedAt: NOW,
  storage: { provider: 's3-compatible', bucket: 'registry-data', region: 'default', regionendpoint: 'https://rgw.lab:7480', forcepathstyle: true, secure: true, ca: CA, rootdirectory: 'dtr' },
  clientTrust: { dtrHost: 'dtr.lab', mode: 'ca', dtrCaPem: DTR_CA, dtrCaUnverified: true },
  iam: { server: 'ceph-rgw', policyFlavor: 'distribution', scopeToRoot: false },
  secretRefs: { setup: 'prod-dtr', registry: 'prod-dtr' },
};

function answer(channel: string, request: unknown): unknown {
  switch (channel) {
    case 'profiles.list':
      return profilesChannels['profiles.list'].result.parse({
        profiles: [{ name: 'prod-dtr', provider: 's3-compatible', bucket: 'registry-data', region: 'default', regionendpoint: 'https://rgw.lab:7480', updatedAt: NOW, hasSecrets: { setup: true, registry: true } }],
        unreadable: [],
      });
    case 'wizard.continueProfile':
      return wizardChannels['wizard.continueProfile'].result.parse({
        profile: saved, keys: { setup: { accessKeyId: 'SETUPKEY', stored: true }, registry: { accessKeyId: 'REGISTRYKEY', stored: true } },
      });
    case 'checks.probeEndpoint': {
      const { config } = checksChannels['checks.probeEndpoint'].request.parse(request);
      const host = new URL(config.regionendpoint ?? '').hostname;
      return checksChannels['checks.probeEndpoint'].result.parse({
        probes: [
          { id: 'dns', title: 'DNS resolves the endpoint', status: 'pass', durationMs: 1, evidence: { host, addresses: ['192.0.2.10'] } },
          { id: 'tcp', title: 'TCP connection to the endpoint', status: 'pass', durationMs: 1, evidence: { host, port: 7480, connectMs: 1 } },
          {
            id: 'tls', title: 'TLS handshake and certificate', status: 'fail', durationMs: 3,
            diagnosis: { code: 'TLS_WRONG_CA', message: `The pasted CA does not sign this endpoint's chain (issued by CN=real rgw CA).`, fix: 'Paste the root CA that issued the endpoint\'s certificate.' },
            evidence: { host, chain: [cert(`CN=${host}`, 'CN=real rgw CA')] },
          },
        ],
        ca: [cert('CN=pasted CA', 'CN=pasted CA')],
        caVerifies: false,
      });
    }
    // A newer value cancels the probe in flight.
    case 'operation.cancel':
      return {};
    default:
      throw new Error(`unexpected ${channel}`);
  }
}

function renderTarget(start: WizardFlow) {
  return renderStep(TargetStep, start, (channel, request) => ({ ok: true, value: answer(channel, request) }), (flow) => ({ errors: stepErrors('target', flow.values, flow.secrets) }));
}

// The probe starts once typing settles (400 ms): an outcome to wait for. Budgets, not waits: on a loaded
// machine rendering and typing alone can take seconds.
const settled = { timeout: 30_000 };
afterEach(cleanup);

describe('Target step', { timeout: 120_000 }, () => {
  it('continue a saved profile: its storage, trust (the override too) and IAM choices come back, its keys as IDs only', async () => {
    const { seen } = renderTarget(initialFlow);
    await userEvent.click(await screen.findByRole('button', { name: 'Continue “prod-dtr”' }));
    const notice = await screen.findByText(/Loaded the saved profile “prod-dtr”/);
    expect(notice.closest('[role="status"]')?.textContent).toContain('the registry key REGISTRYKEY from the keychain');
    const { values, secrets } = seen.flow;
    expect(values.config).toMatchObject({ provider: 's3-compatible', bucket: 'registry-data', regionendpoint: 'https://rgw.lab:7480', rootdirectory: 'dtr', ca: CA });
    expect(values).toMatchObject({
      profileName: 'prod-dtr', dtrHost: 'dtr.lab', dtrUrl: 'https://dtr.lab', dtrCaPem: DTR_CA, dtrCaOverrideFor: dtrTrustSubject('dtr.lab', DTR_CA),
      storageServer: 'ceph-rgw', policyFlavor: 'distribution', scopeToRoot: false, bucketReady: true, registryKeyReady: true,
    });
    expect(secrets).toEqual({
      setup: { accessKeyId: 'SETUPKEY', secretAccessKey: '', stored: true },
      registry: { accessKeyId: 'REGISTRYKEY', secretAccessKey: '', stored: true },
    });
  });

  it('an HTTPS endpoint and its CA are probed: the TLS diagnosis with its fix, the chain it refers to, and which CA was pasted', async () => {
    const { sent } = renderTarget(initialFlow);
    await userEvent.click(screen.getByRole('radio', { name: /S3-compatible service/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Storage endpoint URL/ }), 'https://rgw.lab:7480');
    await userEvent.click(screen.getByRole('textbox', { name: /Root CA certificate of the endpoint/ }));
    await userEvent.paste(CA);
    const failed = await screen.findByRole('alert', {}, settled);
    expect(failed.textContent).toContain('TLS handshake and certificate: failed');
    expect(failed.textContent).toContain('TLS_WRONG_CA');
    expect(failed.textContent).toContain('Paste the root CA that issued the endpoint\'s certificate.');
    const chain = screen.getByRole('group', { name: 'The certificate chain the endpoint presents' });
    expect(within(chain).getByRole('listitem').textContent).toContain('issued by CN=real rgw CA');
    const pasted = screen.getByRole('group', { name: 'The pasted CA certificate' });
    expect(pasted.textContent).toContain('CN=pasted CA');
    expect(pasted.textContent).toContain('Does not verify');
    expect(sent.filter((c) => c.channel === 'checks.probeEndpoint').length).toBeGreaterThanOrEqual(1);
  });

  // The scheme decides TLS in any case (shared/validation/endpoint.ts): "HTTP://" is plain HTTP. Before, the
  // step read it as HTTPS, so the endpoint rule asked to turn off a "Use HTTPS" this step does not show, and
  // "HTTPS://" hid the CA field the probe then asked for.
  it.each([
    ['HTTP://rgw.lab:7480', false],
    ['HTTPS://rgw.lab:7480', true],
  ])('%s: "Use HTTPS" is %s, the endpoint passes the rule, and the CA field is there only for HTTPS', async (endpoint, secure) => {
    const { seen } = renderTarget(initialFlow);
    await userEvent.click(screen.getByRole('radio', { name: /S3-compatible service/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Storage endpoint URL/ }), endpoint);
    expect(seen.flow.values.config).toMatchObject({ regionendpoint: endpoint, secure });
    expect(stepErrors('target', seen.flow.values, seen.flow.secrets).regionendpoint).toBeUndefined();
    expect(screen.queryByRole('textbox', { name: /Root CA certificate of the endpoint/ }) !== null).toBe(secure);
  });
});
