import { useState } from 'react';
import { useOperation } from '../api';
import { checkRunPassed, probeIds, probeTitles, type CheckRunResult, type ProbeId, type ProbeResult } from '../../../shared/checks';
import { ErrorBox, ProgressLog } from '../ui';
import { DRAFT_OWNER } from '../wizard/model';
import type { StepProps } from '../wizard/step-props';

const statusWord = { pass: 'Passed', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' } as const;

function Evidence({ evidence }: { evidence: ProbeResult['evidence'] }) {
  const entries = Object.entries(evidence);
  if (!entries.length) return null;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key}><dt>{key}</dt><dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd></div>
      ))}
    </dl>
  );
}

export default function ValidateStep({ values, secrets, update, commitKey }: StepProps) {
  const run = useOperation('checks.run');
  const [results, setResults] = useState<Partial<Record<ProbeId, ProbeResult>>>({});
  const [runningProbe, setRunningProbe] = useState<ProbeId | 'all'>();
  const { config } = values;
  const registry = secrets.registry;
  const useChain = !registry?.accessKeyId && config.provider === 'aws';

  const start = async (only?: ProbeId) => {
    setRunningProbe(only ?? 'all');
    // The checks sign with the keychain's copy: store a typed key first.
    await commitKey('registry');
    const result: CheckRunResult | undefined = await run.run({
      config, owner: DRAFT_OWNER, role: 'registry', credentialSource: useChain ? 'aws-chain' : 'keychain', ...(only ? { only: [only] } : {}),
      clientTrust: { dtrHost: values.dtrHost, mode: values.trustMode, dtrCaPem: values.dtrCaPem },
    });
    setRunningProbe(undefined);
    if (!result) return;
    const merged = { ...(only ? results : {}), ...Object.fromEntries(result.probes.map((p) => [p.id, p])) };
    setResults(merged);
    const all = probeIds.map((id) => merged[id]).filter((p): p is ProbeResult => p !== undefined);
    // A probe skipped because another failed proved nothing; one skipped for a reason (the pull probe
    // with redirects disabled) has nothing to prove. Every probe must have run, and none failed.
    const complete = all.length === probeIds.length && all.every((p) => p.status !== 'skipped' || !p.evidence.blockedBy);
    update({ checksPassed: complete && checkRunPassed({ probes: all, totalMs: 0, leftovers: result.leftovers }) });
  };

  const live = new Map(run.progress.map((e) => [e.step, e]));
  return (
    <>
      <p className="lead">Each check talks to the storage exactly as the registry will, with the registry's key{useChain ? ' (here: the AWS credential chain)' : ''}. A failure names its cause and the fix.</p>
      <p>
        <button type="button" disabled={run.running} onClick={() => void start()}>{Object.keys(results).length ? 'Run all checks again' : 'Run all checks'}</button>
      </p>
      <ProgressLog label={runningProbe === 'all' ? 'Running the checks' : `Re-running ${runningProbe ?? ''}`} running={run.running} events={[]} onCancel={run.cancel} />
      {run.error ? <ErrorBox error={run.error} title="The checks could not run" /> : null}
      <ol className="checks">
        {probeIds.map((id) => {
          const r = results[id];
          const event = run.running ? live.get(id) : undefined;
          const status = event && event.status !== 'running' ? event.status : r?.status;
          return (
            <li key={id} className={`check ${status ?? 'pending'}`}>
              <div className="check-head">
                <span className={`badge ${status ?? 'pending'}`}>{event?.status === 'running' ? 'Running' : status ? statusWord[status as keyof typeof statusWord] ?? status : 'Not run'}</span>
                <h2 className="check-title">{probeTitles[id]}</h2>
                {r?.durationMs !== undefined ? <span className="muted">{Math.round(r.durationMs)} ms</span> : null}
                <button type="button" className="secondary small" disabled={run.running} onClick={() => void start(id)} aria-label={`Re-run: ${probeTitles[id]}`}>Re-run</button>
              </div>
              {r?.diagnosis ? (
                <div className="diagnosis">
                  <p><strong>{r.diagnosis.code}:</strong> {r.diagnosis.message}</p>
                  <p><strong>Fix:</strong> {r.diagnosis.fix}</p>
                </div>
              ) : null}
              {r ? <details><summary>Evidence</summary><Evidence evidence={r.evidence} /></details> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
