import { forwardRef } from 'react';
import { probeIds, probeTitles, type ProbeId, type ProbeResult } from '../../../shared/checks';
import type { ProgressEvent } from '../../../shared/contract';
import { blockedBy, rerunSet, summarizeChecks } from '../../../shared/wizard/check-results';
import { isKeylessNotVerified } from '../../../shared/keyless';
import { evidenceChain, userEvidence } from '../../../shared/wizard/evidence';
import { fixTarget, type FieldTarget } from '../../../shared/wizard/fix-targets';
import type { KeptChecks } from '../wizard/model';
import { CertLine } from './CertViews';

const statusWord = { pass: 'Passed', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' } as const;

export interface ValidateResultsProps {
  checks: KeptChecks;
  /** A run is going on: the re-run buttons wait, and live progress shows per probe. */
  running: boolean;
  progress: readonly ProgressEvent[];
  /** Run these probes: a re-run of one takes along everything that rests on it. */
  onRun: (only: ProbeId[]) => void;
  /** Open the field a fix is about; undefined when that field's step is not open yet. */
  onShowField?: (target: FieldTarget) => void;
  canShow: (target: FieldTarget) => boolean;
}

function Evidence({ result }: { result: ProbeResult }) {
  // A certificate chain reads as certificates (leaf first), not as JSON.
  const chain = evidenceChain(result);
  const entries = userEvidence(result, chain.length ? ['chain'] : []);
  const blocker = blockedBy(result);
  if (!entries.length && !blocker && !chain.length) return null;
  return (
    <details>
      <summary>Evidence</summary>
      {blocker ? <p>Not run on its own: “{probeTitles[blocker]}” failed, and this check rests on it.</p> : null}
      {entries.length ? (
        <dl className="evidence">
          {entries.map(({ label, value }) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
        </dl>
      ) : null}
      {chain.length ? (
        <>
          <p className="muted">The certificate chain presented (its own certificate first):</p>
          <ol className="plain">{chain.map((cert) => <li key={cert.fingerprint256}><CertLine cert={cert} /></li>)}</ol>
        </>
      ) : null}
    </details>
  );
}

/** The checks' summary line and one row per probe: status, duration (only for a probe that ran), diagnosis, a fix that opens its field. */
export const ValidateResults = forwardRef<HTMLDivElement, ValidateResultsProps>(function ValidateResults(
  { checks, running, progress, onRun, onShowField, canShow }, summaryRef,
) {
  const results = new Map(checks.results.map((r) => [r.id, r]));
  const live = new Map(progress.map((e) => [e.step, e]));
  const summary = summarizeChecks(checks);
  return (
    <>
      <div ref={summaryRef} tabIndex={-1} className="checks-summary">
        {summary ? <p className="summary-line" role="status"><strong>{summary}</strong></p> : <p role="status" className="muted">No checks run yet.</p>}
      </div>
      <ol className="checks">
        {probeIds.map((id) => {
          const r = results.get(id);
          const event = running ? live.get(id) : undefined;
          const status = event && event.status !== 'running' ? event.status : r?.status;
          const target = r ? fixTarget(r) : undefined;
          return (
            <li key={id} className={`check ${status ?? 'pending'}`}>
              <div className="check-head">
                <span className={`badge ${status ?? 'pending'}`}>{event?.status === 'running' ? 'Running' : r && isKeylessNotVerified(r) ? 'Not verified' : status ? statusWord[status as keyof typeof statusWord] ?? status : 'Not run'}</span>
                <h2 className="check-title">{probeTitles[id]}</h2>
                {r && r.status !== 'skipped' ? <span className="muted duration">{Math.round(r.durationMs)} ms</span> : null}
                <button type="button" className="secondary small" disabled={running} onClick={() => onRun(rerunSet(id))} aria-label={`Re-run: ${probeTitles[id]}`}>Re-run</button>
              </div>
              {r?.diagnosis ? (
                <div className="diagnosis">
                  <p><strong>{r.diagnosis.code}:</strong> {r.diagnosis.message}</p>
                  <p>
                    <strong>Fix:</strong>{' '}
                    {target && onShowField && canShow(target) ? (
                      <a href={`#${target.step}-${target.field}`} className="fix-link" onClick={(e) => { e.preventDefault(); onShowField(target); }}>{r.diagnosis.fix}</a>
                    ) : r.diagnosis.fix}
                  </p>
                </div>
              ) : null}
              {r ? <Evidence result={r} /> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
});
