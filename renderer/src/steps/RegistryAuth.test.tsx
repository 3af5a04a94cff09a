// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useReducer } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { imdsFixCommand, keylessOptionTitle } from '../../../shared/keyless';
import { profileSchema, wizardValuesSchema } from '../../../shared/profile';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import { parseWizardStateDocument } from '../../../shared/wizard/state-file';
import { RegistryAuth } from './RegistryAuth';

/** The IAM step's registry-key choice, driven through the wizard's reducer as the frame drives it. */
const onAws: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain', bucketReady: true } },
  { type: 'providerChosen', provider: 'aws' },
  { type: 'configEdited', patch: { region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: 'dtr' } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

function renderChoice(start = onAws) {
  const seen: { flow: WizardFlow; dispatch: (action: WizardAction) => void } = { flow: start, dispatch: () => undefined };
  function Frame() {
    const [flow, dispatch] = useReducer(reduce, start);
    seen.flow = flow;
    seen.dispatch = dispatch;
    return <RegistryAuth config={flow.values.config} onChange={(keyless) => dispatch({ type: 'configEdited', patch: { keyless }, field: 'keyless' })} />;
  }
  render(<Frame />);
  return seen;
}
const keylessRadio = () => screen.getByRole('radio', { name: new RegExp(keylessOptionTitle.replace(/[()]/g, '\\$&')) });

afterEach(cleanup);

describe('IAM step: the registry key may be "none" (an IAM role)', () => {
  it('choosing it sets keyless, shows the IMDSv2 warning with the fix, and opens the gate without a key', async () => {
    const seen = renderChoice();
    expect(stepErrors('iam', seen.flow.values, seen.flow.secrets)).toHaveProperty('registryKey');
    expect(screen.queryByText(/IMDSv1 required/)).toBeNull();
    await userEvent.click(keylessRadio());
    expect(seen.flow.values.config.keyless).toBe(true);
    expect(stepErrors('iam', seen.flow.values, seen.flow.secrets)).toEqual({});
    const warning = screen.getByText(/IMDSv1 required/).closest('.callout') as HTMLElement;
    expect(warning.textContent).toContain('aws-sdk-go 1.15');
    expect(within(warning).getByText(imdsFixCommand())).toBeTruthy();
    // The role's files, rendered: the trust policy and the script that attaches it.
    const figure = (label: RegExp) => screen.getByText(label).closest('figure') as HTMLElement;
    expect(figure(/Trust policy of the role/).querySelector('pre')?.textContent).toContain('"Service": "ec2.amazonaws.com"');
    expect(figure(/Create the role and attach it/).querySelector('pre')?.textContent).toContain("--region 'eu-west-1'");
  });

  it('choosing the key again hides it and closes the gate again', async () => {
    const seen = renderChoice();
    await userEvent.click(keylessRadio());
    await userEvent.click(screen.getByRole('radio', { name: /An access key/ }));
    expect(seen.flow.values.config.keyless).toBe(false);
    expect(screen.queryByText(/IMDSv1 required/)).toBeNull();
    expect(stepErrors('iam', seen.flow.values, seen.flow.secrets)).toHaveProperty('registryKey');
  });
});

describe('keyless is saved, resumed and kept per provider', () => {
  const keyless = reduce(onAws, { type: 'configEdited', patch: { keyless: true } });

  it('the state file allow-list takes it, and a saved state resumes with it', () => {
    expect(wizardValuesSchema.safeParse(keyless.values).error?.issues ?? []).toEqual([]);
    const file = JSON.parse(JSON.stringify({ schemaVersion: 2, step: 'iam', values: keyless.values }));
    const parsed = parseWizardStateDocument(file);
    expect('state' in parsed && parsed.state.values.config?.keyless).toBe(true);
  });

  it('an S3-compatible service never inherits it; coming back to AWS brings it back', () => {
    const compatible = reduce(keyless, { type: 'providerChosen', provider: 's3-compatible' });
    expect(compatible.values.config.keyless).toBe(false);
    expect(wizardValuesSchema.safeParse(compatible.values).error?.issues ?? []).toEqual([]);
    expect(reduce(compatible, { type: 'providerChosen', provider: 'aws' }).values.config.keyless).toBe(true);
  });

  it('a saved profile round-trips it', () => {
    const now = new Date().toISOString();
    const profile = { schemaVersion: 1, name: 'keyless', createdAt: now, updatedAt: now, storage: keyless.values.config };
    const again = profileSchema.parse(JSON.parse(JSON.stringify(profileSchema.parse(profile))));
    expect(again.storage.keyless).toBe(true);
  });
});
