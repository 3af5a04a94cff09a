// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { provisionChannels } from '../../../shared/channels/provision';
import { WIZARD_DRAFT_OWNER } from '../../../shared/profile';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import IamStep from './IamStep';

/**
 * The IAM step, driven through the wizard's reducer. On an S3-compatible service it shows the detected
 * server's own least-privilege steps (MinIO's mc, RGW's radosgw-admin and a bucket policy naming the user);
 * the policy is scoped to the root only when there is one. On AWS "Create the user and key" asks main with
 * the wizard's keychain owner and learns the new key's ID, never its secret.
 */
const flowOf = (actions: WizardAction[]): WizardFlow => actions.reduce<WizardFlow>((flow, action) => reduce(flow, action), initialFlow);

const onMinio = flowOf([
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'keychain', bucketReady: true } },
  { type: 'providerChosen', provider: 's3-compatible' },
  { type: 'configEdited', patch: { regionendpoint: 'https://minio.lab:9000', region: 'us-east-1', bucket: 'registry-data', forcepathstyle: true } },
  { type: 'updated', patch: { detectedServer: { kind: 'minio', evidence: 'Server: MinIO' } } },
] as WizardAction[]);

const onAws = flowOf([
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'keychain', bucketReady: true } },
  { type: 'providerChosen', provider: 'aws' },
  { type: 'configEdited', patch: { region: 'eu-west-1', bucket: 'dtr-images' } },
] as WizardAction[]);

function renderIam(start: WizardFlow, answer?: (channel: string, request: unknown) => unknown) {
  const commits: string[] = [];
  const rendered = renderStep(IamStep, start,
    (channel, request) => (answer ? { ok: true, value: answer(channel, request) } : { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } }),
    (flow, dispatch) => ({
      commitKey: (role) => {
        commits.push(role);
        dispatch({ type: 'keyStored', role, key: flow.secrets[role] ?? { accessKeyId: '', secretAccessKey: '', stored: false } });
        return Promise.resolve(undefined);
      },
    }));
  return { ...rendered, commits };
}

const codeText = (label: string) => screen.getByLabelText(label, { selector: 'pre' }).textContent ?? '';

afterEach(cleanup);

// A budget, not a wait: on a loaded machine rendering and typing alone can take seconds.
describe('IAM step', { timeout: 120_000 }, () => {
  it('shows the detected server\'s own steps (MinIO: mc), and RGW\'s when the user says it is RGW', async () => {
    const { seen } = renderIam(onMinio);
    const minio = screen.getByRole('radio', { name: /MinIO/ });
    expect(minio).toHaveProperty('checked', true);
    expect(screen.getByText('Detected: Server: MinIO.')).toBeTruthy();
    expect(codeText('mc commands')).toMatch(/^mc admin user add /m);
    expect(screen.queryByLabelText('RGW commands', { selector: 'pre' })).toBeNull();

    await userEvent.click(screen.getByRole('radio', { name: /Ceph RGW/ }));
    expect(seen.flow.values.storageServer).toBe('ceph-rgw');
    expect(codeText('RGW commands')).toContain("radosgw-admin user create --uid='dtr-storage'");
    const bucketPolicy = JSON.parse(codeText('Bucket policy for the RGW user dtr-storage').replace(/^[^{]*/, '')) as { Statement: { Principal: { AWS: string[] } }[] };
    expect(bucketPolicy.Statement.every((s) => JSON.stringify(s.Principal).includes('user/dtr-storage'))).toBe(true);
  });

  it('the policy is scoped to the root only when there is one; a typed key goes to the keychain', async () => {
    const { seen, commits } = renderIam(onMinio);
    const scope = screen.getByRole('checkbox', { name: 'Scope the policy to the root directory' });
    expect(scope).toHaveProperty('disabled', true);
    expect(scope).toHaveProperty('checked', false);
    expect(codeText('Policy for bucket registry-data')).toContain('arn:aws:s3:::registry-data/*');

    await userEvent.type(screen.getByRole('textbox', { name: 'Root directory' }), 'dtr');
    // Scoping is the default once there is a root; unticked, the policy covers the whole bucket again.
    expect(scope).toHaveProperty('disabled', false);
    expect(scope).toHaveProperty('checked', true);
    expect(codeText('Policy for bucket registry-data')).toContain('arn:aws:s3:::registry-data/dtr/*');
    expect(codeText('Policy for bucket registry-data')).not.toContain('arn:aws:s3:::registry-data/*"');
    await userEvent.click(scope);
    expect(seen.flow.values.scopeToRoot).toBe(false);
    expect(codeText('Policy for bucket registry-data')).toContain('arn:aws:s3:::registry-data/*"');

    await userEvent.click(screen.getByRole('button', { name: 'Store the key in the keychain' }));
    expect(screen.getByRole('alert').textContent).toContain('Enter both the access key ID and the secret key.');
    expect(commits).toEqual([]);
    await userEvent.type(screen.getByLabelText(/Registry access key ID/), 'REGISTRYKEY');
    await userEvent.type(screen.getByLabelText(/Registry secret access key/), 'registry-secret');
    await userEvent.click(screen.getByRole('button', { name: 'Store the key in the keychain' }));
    expect(commits).toContain('registry');
    expect(seen.flow.values.registryKeyReady).toBe(true);
    expect(seen.flow.secrets.registry).toEqual({ accessKeyId: 'REGISTRYKEY', secretAccessKey: '', stored: true });
    expect(screen.getByText(/is in the OS keychain/).textContent).toContain('REGISTRYKEY');
  });

  it('on AWS, "Create the user and key" asks main for the wizard\'s owner and learns only the key\'s ID', async () => {
    const { seen, sent } = renderIam(onAws, () => ({ steps: [{ step: 'iam.user', outcome: 'created', message: 'Created dtr-storage.' }], policyJson: '{}', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', keyStoredAt: 'dtr-s3-assistant:wizard-draft/registry' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create the user and key' }));
    await screen.findByText(/is in the OS keychain/);
    expect(sent.map((s) => s.channel)).toEqual(['provision.run']);
    const request = provisionChannels['provision.run'].request.parse(sent[0]?.request);
    expect(request).toMatchObject({ owner: WIZARD_DRAFT_OWNER, keySource: 'keychain', config: { bucket: 'dtr-images', rootdirectory: '' } });
    expect(seen.flow.secrets.registry).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '', stored: true });
    expect(seen.flow.values.registryKeyReady).toBe(true);
  });
});
