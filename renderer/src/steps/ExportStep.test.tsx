// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { exportChannels } from '../../../shared/channels/export';
import { profilesChannels } from '../../../shared/channels/profiles';
import { PROFILE_SCHEMA_VERSION } from '../../../shared/profile';
import { dtrTrustSubject } from '../../../shared/trust/dtr-ca-gate';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import ExportStep from './ExportStep';

/**
 * The Export step in the browser (no save dialog), driven through the wizard's reducer, with main's answers
 * given here. Every request is parsed with its channel's contract, as main does. The profile is saved
 * before the bundle, the DTR CA override travels to the bundle (its README records it), and the step says
 * where both went. An existing profile is replaced only after the user has said yes.
 */
const DTR_CA = '-----BEGIN CERTIFICATE-----\nother-ca\n-----END CERTIFICATE-----';
const atExport: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', dtrHost: 'dtr.example.com', trustMode: 'ca', dtrCaPem: DTR_CA, keySource: 'keychain', bucketReady: true, registryKeyReady: true, checksPassed: true } },
  { type: 'providerChosen', provider: 's3-compatible' },
  { type: 'configEdited', patch: { regionendpoint: 'https://rgw.lab:7480', region: 'us-east-1', bucket: 'registry-data', forcepathstyle: true } },
  { type: 'updated', patch: { dtrCaOverrideFor: dtrTrustSubject('dtr.example.com', DTR_CA), profileName: 'prod-dtr' } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

const channels = { ...exportChannels, ...profilesChannels } as Record<string, { request: { parse: (v: unknown) => unknown } }>;

function renderExport(start: WizardFlow, existing: boolean) {
  const answer = (channel: string, request: Record<string, unknown>): unknown => {
    const now = '2026-11-30T12:00:00.000Z';
    switch (channel) {
      case 'export.hostInfo': return { saveDialog: false, profilesDirectory: '/data/profiles' };
      case 'profiles.previewSave': return existing ? { exists: true, updatedAt: now, changes: [{ field: 'storage.bucket', from: 'old-data', to: 'registry-data' }] } : { exists: false, changes: [] };
      case 'profiles.save': {
        const { profile } = request as { profile: Record<string, unknown> };
        return profilesChannels['profiles.save'].result.parse({ schemaVersion: PROFILE_SCHEMA_VERSION, createdAt: now, updatedAt: now, ...profile, secretRefs: { registry: 'prod-dtr' } });
      }
      case 'export.download': return { fileName: request.fileName, zipBase64: btoa('PK'), files: [{ path: 'README.md', bytes: 900, secret: false }], containsSecrets: false, warnings: [] };
      default: throw new Error(`unexpected ${channel}`);
    }
  };
  return renderStep(ExportStep, start, (channel, request) => {
    channels[channel]?.request.parse(request);
    return { ok: true, value: answer(channel, request as Record<string, unknown>) };
  }, (flow) => ({ errors: stepErrors('export', flow.values, flow.secrets) }));
}

const channelsOf = (sent: { channel: string }[]) => sent.map((s) => s.channel);

afterEach(cleanup);

// A budget, not a wait: on a loaded machine rendering and clicking alone can take seconds.
describe('Export in the browser', { timeout: 120_000 }, () => {
  it('saves the profile, downloads the bundle with the override recorded, and says where both went', async () => {
    const { seen, sent } = renderExport(atExport, false);
    expect(stepErrors('export', seen.flow.values, seen.flow.secrets).exportAction).toBe('Write the bundle before going on.');
    await userEvent.click(await screen.findByRole('button', { name: 'Save the profile and download the bundle (.zip)' }));
    await screen.findByText(/Downloaded as/);
    expect(channelsOf(sent)).toEqual(['export.hostInfo', 'profiles.previewSave', 'profiles.save', 'export.download']);
    const download = sent[3]?.request as { fileName: string; owner: string; includeSecrets: boolean; clientTrust: { dtrCaUnverified?: boolean } };
    expect(download).toMatchObject({ fileName: 'dtr-storage-prod-dtr.zip', owner: 'prod-dtr', includeSecrets: false, clientTrust: { dtrCaUnverified: true } });
    expect(seen.flow.values).toMatchObject({ exportedTo: 'dtr-storage-prod-dtr.zip', exportedAsDownload: true, profileFile: '/data/profiles/prod-dtr.json' });
    expect(screen.getByText('/data/profiles/prod-dtr.json')).toBeTruthy();
    expect(stepErrors('export', seen.flow.values, seen.flow.secrets)).toEqual({});
  });

  it('an existing profile is not replaced when the user says Cancel: nothing is saved or exported, and the gate stays shut', async () => {
    const { seen, sent } = renderExport(atExport, true);
    await userEvent.click(await screen.findByRole('button', { name: 'Save the profile and download the bundle (.zip)' }));
    const question = await screen.findByRole('dialog', { name: 'Replace the saved profile “prod-dtr”?' });
    expect(question.textContent).toContain('storage.bucket: old-data → registry-data');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(channelsOf(sent)).toEqual(['export.hostInfo', 'profiles.previewSave']);
    expect(seen.flow.values.exportedTo).toBe('');
    expect(stepErrors('export', seen.flow.values, seen.flow.secrets).exportAction).toBe('Write the bundle before going on.');
  });
});
