// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderStep } from './step-frame.test-support';
import { checksChannels } from '../../../shared/channels/checks';
import { WIZARD_DRAFT_OWNER } from '../../../shared/profile';
import { initialFlow, reduce, type WizardAction, type WizardFlow } from '../../../shared/wizard/state';
import ValidateStep from './ValidateStep';

/**
 * Whose key the Validate step signs with. The AWS Bucket step may create the registry's key in the same run
 * (it goes straight to the keychain), so the form can hold "key ready" without a typed key. The checks must
 * still sign as the registry, never as this machine's AWS credential chain (the setup identity): a run under
 * an administrator passes checks the registry's own policy would fail.
 */
const onAws = (keyless: boolean): WizardFlow => [
  { type: 'updated', patch: { dtrUrl: 'https://dtr.example.com', keySource: 'aws-chain', bucketReady: true } },
  { type: 'providerChosen', provider: 'aws' },
  { type: 'configEdited', patch: { region: 'eu-west-1', bucket: 'dtr-images', rootdirectory: 'dtr', keyless } },
  { type: 'updated', patch: { registryKeyReady: true } },
].reduce<WizardFlow>((flow, action) => reduce(flow, action as WizardAction), initialFlow);

function renderValidate(start: WizardFlow) {
  const commits: string[] = [];
  // The handler's own answer when the keychain holds no registry key (electron/ipc/keys-of.ts).
  const { sent } = renderStep(ValidateStep, start, () => ({ ok: false, error: { code: 'KEYS_MISSING', message: 'No registry keys are stored in the keychain for this setup.' } }), () => ({
    commitKey: (role) => {
      commits.push(role);
      return Promise.resolve(undefined);
    },
  }));
  return { sent, commits };
}

afterEach(cleanup);

describe('Validate signs as the registry', () => {
  it('on AWS with no typed key, asks main for the keychain\'s registry key, not the AWS credential chain', async () => {
    const { sent, commits } = renderValidate(onAws(false));
    await userEvent.click(screen.getByRole('button', { name: 'Run all checks' }));
    expect(commits).toEqual(['registry']);
    const run = sent.filter((s) => s.channel === 'checks.run');
    expect(run).toHaveLength(1);
    expect(run[0]!.request).toMatchObject({ owner: WIZARD_DRAFT_OWNER, role: 'registry' });
    // The contract has no other signer: a request for this machine's AWS credential chain is refused at the door.
    expect(checksChannels['checks.run'].request.safeParse(run[0]!.request).success).toBe(true);
    expect(checksChannels['checks.run'].request.safeParse({ ...(run[0]!.request as object), keySource: 'aws-chain' }).success).toBe(false);
    // When that key is missing, the step says so (it does not quietly sign with something else).
    expect((await screen.findByRole('alert')).textContent).toContain('No registry keys are stored');
  });

  it('keyless: commits no key and signs with none', async () => {
    const { sent, commits } = renderValidate(onAws(true));
    await userEvent.click(screen.getByRole('button', { name: 'Run all checks' }));
    expect(commits).toEqual([]);
    expect(sent.find((s) => s.channel === 'checks.run')?.request).toMatchObject({ config: { keyless: true }, role: 'registry' });
  });
});

describe('Validate brings the outcome into view', () => {
  // The page scrolls to the summary once the outcome is on it and laid out. Scrolled earlier (a frame
  // callback could fire before React's commit), the "Running the checks…" line above the summary then
  // vanished and pushed the summary out of view (soak of 83ae91f: "viewport ratio 0" after a re-run).
  it('scrolls to the summary only after the running line above it is gone', async () => {
    const { sent } = renderValidate(onAws(false));
    let release: (value: unknown) => void = () => undefined;
    const held = new Promise((resolve) => (release = resolve));
    const answer = window.dtrApi.invoke.bind(window.dtrApi);
    window.dtrApi.invoke = ((channel: string, request: unknown, options?: unknown) => {
      if (channel !== 'checks.run') return answer(channel as never, request as never, options as never);
      sent.push({ channel, request });
      return held;
    }) as typeof window.dtrApi.invoke;
    const scrolls: { runningLineShown: boolean; summary: string }[] = [];
    const scrolled = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function scrollIntoView(this: HTMLElement) {
      scrolls.push({ runningLineShown: document.querySelector('.progress .running') !== null, summary: this.textContent ?? '' });
    });
    // A browser may run a frame callback before React's scheduled commit; here every frame comes at once, so
    // code that scrolls from a frame callback instead of after the commit is caught every time.
    const frames = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      callback(performance.now());
      return 0;
    });
    try {
      await userEvent.click(screen.getByRole('button', { name: 'Run all checks' }));
      // Held at the door: the running line is on the page until the test lets the answer through.
      await screen.findByText(/Running the checks/);
      release({
        ok: true,
        value: checksChannels['checks.run'].result.parse({
          probes: [{ id: 'dns', title: 'DNS resolves the endpoint', status: 'pass', durationMs: 3, evidence: { host: 's3.eu-west-1.amazonaws.com' } }],
          totalMs: 3,
        }),
      });
      await waitFor(() => expect(scrolls).toHaveLength(1));
      expect(scrolls[0]).toMatchObject({ runningLineShown: false, summary: expect.stringMatching(/1 passed/) });
      expect(document.activeElement?.className).toBe('checks-summary');
    } finally {
      scrolled.mockRestore();
      frames.mockRestore();
    }
  });
});
