import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import { MAX_RECHECK_INTERVAL_MINUTES, recheckIntervalSchema, type RecheckScheduleStatus } from '../../../shared/channels/recheck';
import { call } from '../api';
import { ErrorBox, Field } from '../ui';
import { shortTime } from './format';

/** The scheduled re-check of every saved profile while the app runs: the interval, and what it did last. */
export function SchedulePanel({ refreshKey }: { refreshKey: number }) {
  const [status, setStatus] = useState<RecheckScheduleStatus>();
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<AppErrorData>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void call('recheck.schedule.get', {}).then((outcome) => {
      if (!outcome.ok) return setError(outcome.error);
      setStatus(outcome.value);
      setMinutes((current) => current || String(outcome.value.intervalMinutes));
    });
  }, [refreshKey]);

  const parsed = recheckIntervalSchema.safeParse(minutes.trim() === '' ? Number.NaN : Number(minutes));
  const fieldError = parsed.success ? undefined : `Enter a whole number of minutes from 0 (off) to ${MAX_RECHECK_INTERVAL_MINUTES} (7 days).`;

  const save = async () => {
    if (!parsed.success) return;
    setSaved(false);
    const outcome = await call('recheck.schedule.set', { intervalMinutes: parsed.data });
    if (!outcome.ok) return setError(outcome.error);
    setError(undefined);
    setStatus(outcome.value);
    setSaved(true);
  };

  return (
    <section aria-labelledby="schedule-heading" className="panel">
      <h2 id="schedule-heading">Scheduled re-check</h2>
      <p className="muted">While the app runs, every saved profile is re-checked at this interval. When a profile that was passing starts failing, you get a notification.</p>
      <form className="buttons" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Field label="Interval in minutes (0 = off)" type="number" value={minutes} onChange={(v) => { setMinutes(v); setSaved(false); }} error={minutes === '' ? undefined : fieldError} />
        <button type="submit" disabled={!parsed.success}>Save interval</button>
      </form>
      {error ? <ErrorBox error={error} title="The schedule could not be read or saved" /> : null}
      {status?.settingsProblems.map((problem) => (
        <ErrorBox key={problem.message} error={problem} title="Settings reset" />
      ))}
      {status ? (
        <p role="status">
          {status.intervalMinutes === 0 ? 'The scheduled re-check is off.' : `Every ${status.intervalMinutes} minutes${status.nextRunAt ? `; next run ${shortTime(status.nextRunAt)}` : ''}${status.running ? ' (running now)' : ''}.`}
          {saved ? ' Saved.' : ''}
        </p>
      ) : null}
      {status?.lastNotification ? (
        <p className="muted">Last alert: {status.lastNotification.title} ({shortTime(status.lastNotification.at)}).</p>
      ) : null}
      {status?.lastErrors.length ? (
        <ul className="plain">
          {status.lastErrors.map(({ profile, error: e }) => <li key={profile}><strong>{profile}</strong> could not be checked: {e.message}{e.fix ? ` Fix: ${e.fix}` : ''}</li>)}
        </ul>
      ) : null}
    </section>
  );
}
