import { probeIds, type ProbeResult } from '../../../shared/checks';
import type { RunDiff } from '../../../shared/recheck/diff';
import { describeProbeChange } from '../../../shared/recheck/diff';
import type { Operation } from '../api';
import { ErrorBox, ProgressLog } from '../ui';
import { duration, probeTitle, statusWord } from './format';

/** What changed since the run before: the run's verdict and one line per probe that moved. */
export function ChangeSummary({ changes }: { changes: RunDiff | undefined }) {
  if (!changes) return <p className="muted">This is the first recorded run: there is nothing to compare with yet.</p>;
  const { status, startedFailing, recovered } = changes;
  if (changes.changes.length === 0 && status.from === status.to) {
    return <p className="callout ok">No change since the run before.</p>;
  }
  return (
    <div className={`callout ${startedFailing ? 'error' : recovered ? 'ok' : 'warn'}`} role="status">
      <p>
        <strong>Changed since the run before:</strong> {statusWord[status.from]} → {statusWord[status.to]}
        {startedFailing ? ' (started failing)' : recovered ? ' (recovered)' : ''}
      </p>
      {changes.changes.length ? (
        <ul className="changes">
          {changes.changes.map((change) => <li key={change.id}><code>{describeProbeChange(change)}</code> <span className="muted">— {probeTitle(change.id)}</span></li>)}
        </ul>
      ) : null}
    </div>
  );
}

/** Every probe of the live or last run: status (live while running), duration, and the diagnosis with its fix. */
export function RecheckPanel({ operation, changes }: { operation: Operation<'recheck.run'>; changes: RunDiff | undefined }) {
  const live = new Map(operation.progress.map((event) => [event.step, event]));
  const results = new Map<string, ProbeResult>((operation.result?.result.probes ?? []).map((p) => [p.id, p]));
  const changed = new Map((changes?.changes ?? []).map((c) => [c.id, c]));
  const shown = operation.running || results.size > 0;
  return (
    <>
      <ProgressLog label="Re-checking" running={operation.running} events={[]} onCancel={operation.cancel} />
      {operation.error ? <ErrorBox error={operation.error} title="The re-check could not run" /> : null}
      {shown ? (
        <ol className="checks" aria-label="Probes">
          {probeIds.map((id) => {
            const event = operation.running ? live.get(id) : undefined;
            const result = operation.running ? undefined : results.get(id);
            const status = event ? event.status : result?.status;
            const change = operation.running ? undefined : changed.get(id);
            return (
              <li key={id} className={`check ${status ?? 'pending'}${change ? ' changed' : ''}`}>
                <div className="check-head">
                  <span className={`badge ${status ?? 'pending'}`}>{status === 'running' ? 'Running' : status ? (statusWord[status] ?? status) : 'Waiting'}</span>
                  <h3 className="check-title">{probeTitle(id)}</h3>
                  {change ? <span className="tag">{change.kind} (was {change.from?.status ?? 'absent'})</span> : null}
                  {result ? <span className="muted">{duration(result.durationMs)}</span> : event?.durationMs !== undefined ? <span className="muted">{duration(event.durationMs)}</span> : null}
                </div>
                {result?.diagnosis ? (
                  <div className="diagnosis">
                    <p><strong>{result.diagnosis.code}:</strong> {result.diagnosis.message}</p>
                    <p><strong>Fix:</strong> {result.diagnosis.fix}</p>
                  </div>
                ) : null}
                {result?.status === 'skipped' ? <p className="muted diagnosis">Skipped: {typeof result.evidence.blockedBy === 'string' ? result.evidence.blockedBy : 'an earlier probe'} failed.</p> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </>
  );
}
