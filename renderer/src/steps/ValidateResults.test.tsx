// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useReducer } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { probeIds, probeTitles, type CheckRunResult, type ProbeId, type ProbeResult } from '../../../shared/checks';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import { ValidateResults } from './ValidateResults';

/** The Validate step's view, driven through the wizard's reducer as the frame drives it. */
const probe = (id: ProbeId, status: ProbeResult['status'], evidence: ProbeResult['evidence'] = {}): ProbeResult => ({ id, title: probeTitles[id], status, durationMs: 37, evidence });
const dependents: ProbeId[] = ['bucket-region', 'missing-key', 'push', 'list', 'pull'];
const credentialsFailed: CheckRunResult = {
  totalMs: 900,
  leftovers: [],
  probes: probeIds.map((id) => (id === 'credentials'
    ? { ...probe(id, 'fail', { httpStatus: 403 }), diagnosis: { code: 'UNKNOWN_ACCESS_KEY', message: 'The storage does not know this access key.', fix: 'Enter the registry user\'s access key.' } }
    : dependents.includes(id) ? probe(id, 'skipped', { blockedBy: 'credentials', reason: 'skipped: credentials failed', ownOutcome: 'UNKNOWN_ACCESS_KEY' })
      : probe(id, 'pass', { host: '127.0.0.1', remoteAddress: '127.0.0.1' }))),
};
const start: WizardFlow = [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain', bucketReady: true } },
  { type: 'configEdited', patch: { regionendpoint: 'http://127.0.0.1:7480', bucket: 'registry-data', secure: false } },
  { type: 'secretsEdited', patch: { registry: { accessKeyId: 'AKIDREGISTRY', secretAccessKey: '', stored: true } } },
  { type: 'updated', patch: { registryKeyReady: true } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

/** What the step sends to checks.run for each click, and a way to answer it as the runner would. */
function renderValidate(first: CheckRunResult) {
  const requested: ProbeId[][] = [];
  let dispatch: (action: WizardAction) => void = () => undefined;
  function Frame() {
    const [flow, send] = useReducer(reduce, start);
    dispatch = send;
    return <ValidateResults checks={flow.values.checks} running={false} progress={[]} onRun={(only) => requested.push(only)} canShow={() => true} />;
  }
  render(<Frame />);
  const answer = (run: CheckRunResult, only?: ProbeId[]) =>
    act(() => dispatch({ type: 'checksRan', run, config: start.values.config, registryKeyId: 'AKIDREGISTRY', ...(only ? { only } : {}) }));
  answer(first);
  return { requested, answer };
}
const row = (id: ProbeId) => screen.getByRole('heading', { name: probeTitles[id] }).closest('li') as HTMLElement;

afterEach(cleanup);

describe('Validate step', () => {
  it('says in one line how the run went and what to do', () => {
    renderValidate(credentialsFailed);
    expect(screen.getByRole('status').textContent).toBe(
      `4 passed, 1 failed, 5 skipped — fix “${probeTitles.credentials}” first; 5 skipped checks wait for it.`,
    );
  });

  it('shows no duration for a skipped check, and one for a check that ran', () => {
    renderValidate(credentialsFailed);
    for (const id of dependents) expect(within(row(id)).queryByText(/\d+ ms/), id).toBeNull();
    expect(within(row('credentials')).getByText('37 ms')).toBeTruthy();
  });

  it('never shows the runner\'s internal evidence keys; a skipped check says in words what it waits for', () => {
    renderValidate(credentialsFailed);
    const text = document.body.textContent ?? '';
    for (const key of ['ownOutcome', 'blockedBy', 'reason', 'skipped: credentials failed']) expect(text).not.toContain(key);
    expect(within(row('push')).getByText(`Not run on its own: “${probeTitles.credentials}” failed, and this check rests on it.`)).toBeTruthy();
    expect(within(row('tcp')).getByText('Remote address')).toBeTruthy();
    expect(within(row('credentials')).getByText('HTTP status')).toBeTruthy();
  });

  it('re-running the failed check re-runs what rests on it, and leaves nothing skipped once it passes', async () => {
    const { requested, answer } = renderValidate(credentialsFailed);
    await userEvent.click(screen.getByRole('button', { name: `Re-run: ${probeTitles.credentials}` }));
    expect(requested).toEqual([['credentials', ...dependents]]);
    answer({ totalMs: 300, leftovers: [], probes: requested[0]!.map((id) => probe(id, 'pass')) }, requested[0]);
    expect(screen.queryAllByText('Skipped')).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('10 passed — the storage works as the registry uses it; Next is open.');
  });

  it('a fix links to the field it is about', async () => {
    const shown: unknown[] = [];
    function Frame() {
      const [flow] = useReducer(reduce, reduce(start, { type: 'checksRan', run: credentialsFailed, config: start.values.config, registryKeyId: 'AKIDREGISTRY' }));
      return <ValidateResults checks={flow.values.checks} running={false} progress={[]} onRun={() => undefined} onShowField={(t) => shown.push(t)} canShow={() => true} />;
    }
    render(<Frame />);
    await userEvent.click(screen.getByRole('link', { name: 'Enter the registry user\'s access key.' }));
    expect(shown).toEqual([{ step: 'storage', field: 'credentials' }]);
  });
});
