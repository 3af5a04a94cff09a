// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import DoneStep from './DoneStep';

/** The Done step's summary says what was done in the words the earlier steps used, and calls nothing. */
const finished = (rootdirectory: string, scopeToRoot: boolean): WizardFlow => ([
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', bucketReady: true, registryKeyReady: true, checksPassed: true, scopeToRoot, policyFlavor: 'distribution' } },
  { type: 'providerChosen', provider: 's3-compatible' },
  { type: 'configEdited', patch: { regionendpoint: 'https://rgw.lab:7480', region: 'default', bucket: 'registry-data', rootdirectory } },
  { type: 'updated', patch: { profileName: 'prod-dtr', exportedTo: 'dtr-storage-prod-dtr.zip', exportedAsDownload: true, profileFile: '/data/profiles/prod-dtr.json' } },
] as WizardAction[]).reduce<WizardFlow>((flow, action) => reduce(flow, action), initialFlow);

const row = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent ?? '';
const callsNothing = () => ({ ok: false as const, error: { code: 'INTERNAL', message: 'the Done step calls nothing' } });

afterEach(cleanup);

describe('Done step', () => {
  it('names the policy flavour as the IAM step did, and the root as the registry uses it', () => {
    const { sent } = renderStep(DoneStep, finished('/dtr/', true), callsNothing);
    expect(row('Policy')).toBe("Distribution's documented scopes, scoped to the root directory");
    expect(row('Bucket')).toBe('registry-data, under dtr/');
    expect(row('Bundle')).toBe("dtr-storage-prod-dtr.zip (in your browser's downloads folder)");
    expect(row('Profile')).toBe('prod-dtr, saved in /data/profiles/prod-dtr.json');
    expect(sent).toEqual([]);
  });

  it('a root of "/" is no root: nothing is said to be scoped to it', () => {
    renderStep(DoneStep, finished('/', true), callsNothing);
    expect(row('Policy')).toBe("Distribution's documented scopes");
    expect(row('Bucket')).toBe('registry-data');
  });
});
