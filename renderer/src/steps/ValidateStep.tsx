import { useLayoutEffect, useRef, useState } from 'react';
import { useOperation } from '../api';
import type { ProbeId } from '../../../shared/checks';
import { ErrorBox, ProgressLog } from '../ui';
import { WIZARD_DRAFT_OWNER, firstBlockedStep, steps } from '../wizard/model';
import type { StepProps } from '../wizard/step-props';
import { ImdsWarning } from './RegistryAuth';
import { ValidateResults } from './ValidateResults';

/** The Validate step: runs the checks (all, or one and what rests on it); the reducer keeps the results for the config they ran on. */
export default function ValidateStep({ values, secrets, commitKey, recordChecks, showField }: StepProps) {
  const run = useOperation('checks.run');
  const summary = useRef<HTMLDivElement>(null);
  // Bumped when a run's outcome is recorded: the outcome is brought into view after the commit that shows it.
  const [outcomes, setOutcomes] = useState(0);
  const { config } = values;

  // The outcome is below the buttons: bring it into view, and focus on the summary so it is read out. In a
  // layout effect, so the page is laid out as it will stay: scrolled before the commit (a rAF could fire
  // first), the "Running the checks…" line above would then vanish and push the summary out of view.
  useLayoutEffect(() => {
    if (outcomes === 0) return;
    summary.current?.focus({ preventScroll: true });
    summary.current?.scrollIntoView({ block: 'start' });
  }, [outcomes]);
  const registry = secrets.registry;
  const reachable = firstBlockedStep(values, secrets);

  const start = async (only?: ProbeId[]) => {
    // The checks sign with the keychain's copy: store a typed key first (keyless: there is none to sign with).
    if (!config.keyless) await commitKey('registry');
    const ranWith = { config, registryKeyId: config.keyless ? '' : registry?.accessKeyId.trim() ?? '' };
    const result = await run.run({
      // The registry's own key from the keychain (keyless: none); the channel has no other signer (shared/channels/checks.ts).
      config, owner: WIZARD_DRAFT_OWNER, role: 'registry', ...(only ? { only } : {}),
      clientTrust: { dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem },
    });
    if (!result) return;
    recordChecks(result, ranWith.config, ranWith.registryKeyId, only);
    setOutcomes((n) => n + 1);
  };

  return (
    <>
      {config.keyless ? (
        <>
          <p className="lead">The registry has no key (DTR's hosts use an IAM role), so this machine cannot act as it: only DNS, TCP, TLS and the clock are checked from here. Every other check says what it did not verify.</p>
          <ImdsWarning />
        </>
      ) : (
        <p className="lead">Each check talks to the storage exactly as the registry will, with the registry's key{registry?.accessKeyId ? <> <code>{registry.accessKeyId}</code></> : null}. A failure names its cause and the fix.</p>
      )}
      <p>
        <button type="button" disabled={run.running} onClick={() => void start()}>{values.checks.results.length ? 'Run all checks again' : 'Run all checks'}</button>
      </p>
      <ProgressLog label="Running the checks" running={run.running} events={[]} onCancel={run.cancel} />
      {run.error ? <ErrorBox error={run.error} title="The checks could not run" /> : null}
      <ValidateResults
        ref={summary}
        checks={values.checks}
        running={run.running}
        progress={run.progress}
        onRun={(only) => void start(only)}
        onShowField={showField}
        canShow={(target) => steps.findIndex((s) => s.id === target.step) <= reachable}
      />
    </>
  );
}
