import { probeIds } from '../../../shared/checks';
import type { RecheckRun } from '../../../shared/profile';
import { diffRecheckRuns } from '../../../shared/recheck/diff';
import { duration, probeTitle, shortTime, statusWord } from './format';

/** Newest first, at most this many rows; the exported report carries the whole history. */
const MAX_ROWS = 50;

/**
 * The history of runs: one row per run, one column per probe. A cell whose verdict differs from the run
 * before it is highlighted (and says so to screen readers), so a change is visible at a glance.
 */
export function HistoryTable({ history }: { history: readonly RecheckRun[] }) {
  if (history.length === 0) return <p className="muted">No runs recorded yet. Re-check the profile to start its history.</p>;
  const ids = [...new Set([...probeIds, ...history.flatMap((run) => run.probes.map((p) => p.id))])];
  const rows = history
    .map((run, index) => ({ run, changed: index > 0 ? new Set(diffRecheckRuns(history[index - 1]!, run).changes.map((c) => c.id)) : new Set<string>() }))
    .reverse()
    .slice(0, MAX_ROWS);
  return (
    <div className="history-scroll" tabIndex={0} role="region" aria-label="Run history">
      <table className="data history">
        <caption>Runs, newest first{history.length > MAX_ROWS ? ` (the latest ${MAX_ROWS} of ${history.length}; export the report for all)` : ''}. Highlighted: changed since the run before.</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Status</th>
            <th scope="col">Run by</th>
            {ids.map((id) => <th key={id} scope="col" title={probeTitle(id)}>{id}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ run, changed }) => {
            const byId = new Map(run.probes.map((p) => [p.id, p]));
            return (
              <tr key={run.startedAt}>
                <th scope="row"><time dateTime={run.startedAt} title={run.startedAt}>{shortTime(run.startedAt)}</time></th>
                <td>{duration(run.durationMs)}</td>
                <td><span className={`badge ${run.status}`}>{statusWord[run.status]}</span></td>
                <td>{run.source === 'wizard' ? 'Wizard (Validate)' : 'Re-check'}</td>
                {ids.map((id) => {
                  const probe = byId.get(id);
                  const isChanged = changed.has(id);
                  return (
                    <td key={id} className={isChanged ? 'changed' : undefined} title={probe ? `${probeTitle(id)}: ${probe.status}${probe.code ? ` (${probe.code})` : ''}, ${duration(probe.durationMs)}` : undefined}>
                      {probe ? <span className={`dot ${probe.status}`}>{probe.status}</span> : '–'}
                      {isChanged ? <span className="visually-hidden"> (changed)</span> : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
