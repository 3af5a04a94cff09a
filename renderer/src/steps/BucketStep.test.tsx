// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import type { CallOutcome } from '../../../shared/contract';
import { stepErrors } from '../../../shared/wizard/gates';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import BucketStep from './BucketStep';

/**
 * On AWS the Bucket step's run also creates the registry user and its key, straight into the keychain. The
 * form must learn that key's ID there (as the IAM step does), or Validate has no key to name and the IAM
 * step shows "(created)" for a key nobody can identify.
 */
const onAws: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain' } },
  { type: 'providerChosen', provider: 'aws' },
  { type: 'configEdited', patch: { region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: 'dtr' } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

function renderBucket(answer: CallOutcome<'provision.run'>) {
  return renderStep(BucketStep, onAws, (channel) => (channel === 'provision.run' ? answer : { ok: false, error: { code: 'NOT_HERE', message: 'not used by this test' } }));
}

afterEach(cleanup);

describe('Bucket step on AWS', () => {
  it('a key created by the run: the form holds its ID (never a secret) and the IAM gate opens', async () => {
    const { sent, seen } = renderBucket({ ok: true, value: { steps: [], policyJson: '{}', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', keyStoredAt: 'keychain' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create or adopt the bucket' }));
    await screen.findByText(/is ready/);
    expect(sent.filter((s) => s.channel === 'provision.run')).toHaveLength(1);
    expect(seen.flow.secrets.registry).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '', stored: true });
    expect([seen.flow.values.bucketReady, seen.flow.values.registryKeyReady]).toEqual([true, true]);
    expect(stepErrors('iam', seen.flow.values, seen.flow.secrets)).toEqual({});
  });

  it('a run that created no key (an existing one works): the form keeps no key and the IAM step still asks', async () => {
    const { seen } = renderBucket({ ok: true, value: { steps: [], policyJson: '{}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create or adopt the bucket' }));
    await screen.findByText(/is ready/);
    expect(seen.flow.secrets.registry).toBeUndefined();
    expect(seen.flow.values.registryKeyReady).toBe(false);
    expect(stepErrors('iam', seen.flow.values, seen.flow.secrets)).toHaveProperty('registryKey');
  });
});
