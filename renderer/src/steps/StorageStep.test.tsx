// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { MIB } from '../../../shared/storage-config';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import StorageStep from './StorageStep';

/**
 * The Storage form, driven through the wizard's reducer as the frame drives it: DTR 2.x's storage classes
 * only, the chunk size in MiB both ways, each warning next to its own control, the preview of a keyless
 * config. (It calls nothing; the CA file button is the only I/O and is not pressed here.)
 */
const onRgw: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'keychain', bucketReady: true, registryKeyReady: true } },
  { type: 'configEdited', patch: { regionendpoint: 'https://rgw.lab:7480', bucket: 'registry-data', forcepathstyle: true } },
  { type: 'secretsEdited', patch: { registry: { accessKeyId: 'AKIDREGISTRY', secretAccessKey: '', stored: true } } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

function renderStorage(start: WizardFlow) {
  const { seen } = renderStep(StorageStep, start, () => {
    throw new Error('the Storage form calls nothing');
  }, (flow) => ({ errors: stepErrors('storage', flow.values, flow.secrets) }));
  return seen;
}

afterEach(cleanup);

describe('Storage form', () => {
  it('offers only the storage classes DTR 2.x accepts', () => {
    renderStorage(onRgw);
    const select = screen.getByRole('combobox', { name: /Storage class/ });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['STANDARD', 'REDUCED_REDUNDANCY', 'NONE']);
  });

  it('speaks MiB both ways: 4 typed is 4 MiB in the config, and the error says MiB, not bytes', () => {
    const seen = renderStorage(onRgw);
    const chunk = screen.getByRole('spinbutton', { name: /Chunk size in MiB/ });
    fireEvent.change(chunk, { target: { value: '4' } });
    expect(seen.flow.values.config.chunksize).toBe(4 * MIB);
    const described = (chunk.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    // In the unit the field is typed in (the byte count only as a gloss after it).
    expect(described).toContain('The chunk size is 4 MiB');
    expect(described).toContain('at least 5 MiB');
    expect(chunk.getAttribute('aria-invalid')).toBe('true');
  });

  it('a warning sits with its own control: path style off on an S3-compatible endpoint', async () => {
    renderStorage(onRgw);
    const pathStyle = screen.getByRole('checkbox', { name: /Path-style addressing/ });
    expect(pathStyle.getAttribute('aria-describedby') ?? '').not.toContain('warning');
    await userEvent.click(pathStyle);
    const warningId = (pathStyle.getAttribute('aria-describedby') ?? '').split(' ').find((id) => id.endsWith('-warning'));
    expect(document.getElementById(warningId ?? '')?.textContent).toContain('Path style is off for an S3-compatible endpoint');
    // And the folded section says it holds a warning.
    expect(screen.getByText(/Advanced driver options \(1 warning\)/)).toBeTruthy();
  });

  it('keyless: no key fields, and the DTR body leaves both keys empty', () => {
    const keyless = [
      { type: 'providerChosen', provider: 'aws' },
      { type: 'configEdited', patch: { region: 'eu-west-1', bucket: 'dtr-images', keyless: true } },
    ].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), onRgw);
    renderStorage(keyless);
    expect(screen.queryByRole('textbox', { name: /AWS access key/ })).toBeNull();
    expect(screen.getByText(/leave both empty/)).toBeTruthy();
    const body = screen.getByText(/keys empty: IAM role/).closest('figure') ?? document.body;
    expect(body.textContent).toContain('"accesskey": ""');
  });
});
