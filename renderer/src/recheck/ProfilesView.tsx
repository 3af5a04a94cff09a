import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelResult } from '../../../shared/contract';
import type { Profile } from '../../../shared/profile';
import { diffLatest } from '../../../shared/recheck/diff';
import { call, useOperation } from '../api';
import { ErrorBox } from '../ui';
import { HistoryTable } from './HistoryTable';
import { ChangeSummary, RecheckPanel } from './RecheckPanel';
import { ProfileTools } from './ProfileTools';
import { ReportExport } from './ReportExport';
import { SchedulePanel } from './SchedulePanel';
import { shortTime, statusWord } from './format';
import './recheck.css';

type Listing = ChannelResult<'profiles.list'>;
const SCHEDULE_POLL_MS = 20_000;

/**
 * "Saved profiles": every profile with its last re-check; pick one to re-check it with live progress,
 * see its history with what changed, and export a report. The scheduled re-check is set below.
 */
export default function ProfilesView() {
  const [listing, setListing] = useState<Listing>();
  const [error, setError] = useState<AppErrorData>();
  const [selected, setSelected] = useState<string>();
  const [profile, setProfile] = useState<Profile>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<string>();
  const recheck = useOperation('recheck.run');
  const detailHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const outcome = await call('profiles.list', {});
    if (outcome.ok) {
      setListing(outcome.value);
      setError(undefined);
    } else setError(outcome.error);
  }, []);

  const loadProfile = useCallback(async (name: string) => {
    const outcome = await call('profiles.get', { name });
    if (outcome.ok) setProfile(outcome.value);
    else setError(outcome.error);
  }, []);

  useEffect(() => void load(), [load, refreshKey]);
  // A scheduled pass changes histories behind the view's back: poll its last run time and refresh after one.
  const lastTick = useRef<string | null | undefined>(undefined); // undefined: not polled yet
  useEffect(() => {
    const timer = setInterval(() => {
      void call('recheck.schedule.get', {}).then((outcome) => {
        if (!outcome.ok || outcome.value.running || outcome.value.lastTickAt === lastTick.current) return;
        const first = lastTick.current === undefined;
        lastTick.current = outcome.value.lastTickAt;
        if (!first) setRefreshKey((k) => k + 1);
      });
    }, SCHEDULE_POLL_MS);
    return () => clearInterval(timer);
  }, []);
  // Only on a refresh: a new selection loads (and focuses) below.
  const reloadSelected = useEffectEvent(() => {
    if (selected) void loadProfile(selected);
  });
  useEffect(() => {
    if (refreshKey > 0) reloadSelected();
  }, [refreshKey]);
  const resetRecheck = recheck.reset; // stable (useCallback): this runs when the selection changes
  useEffect(() => {
    setProfile(undefined);
    resetRecheck();
    if (selected) void loadProfile(selected).then(() => detailHeading.current?.focus());
  }, [selected, loadProfile, resetRecheck]);

  const runRecheck = async (name: string) => {
    if (name !== selected) setSelected(name);
    await recheck.run({ name });
    await Promise.all([loadProfile(name), load()]);
  };

  const history = profile?.recheckHistory ?? [];
  return (
    <div className="recheck">
      <h1>Saved profiles</h1>
      <p className="lead">Re-check a saved storage setup at any time: every probe runs again with the registry's key from the keychain, and the run is kept in the profile's history.</p>
      <p><button type="button" className="secondary small" onClick={() => setRefreshKey((k) => k + 1)}>Refresh</button></p>
      {error ? <ErrorBox error={error} title="The profiles could not be read" /> : null}
      <p role="status" className={notice ? 'callout ok' : 'visually-hidden'}>{notice ?? ''}</p>
      {listing && listing.profiles.length === 0 ? (
        <p className="callout info">No saved profiles yet. Finish the wizard and save the setup as a profile, or import one with <code>dtr-s3-assistant profiles import FILE</code>.</p>
      ) : null}
      {listing && listing.profiles.length > 0 ? (
        <table className="data profiles">
          <caption>Saved profiles</caption>
          <thead>
            <tr><th scope="col">Profile</th><th scope="col">Storage</th><th scope="col">Last re-check</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {listing.profiles.map((p) => (
              <tr key={p.name} className={p.name === selected ? 'selected' : undefined} aria-selected={p.name === selected}>
                <th scope="row">{p.name}</th>
                <td><code>{p.bucket}</code> {p.regionendpoint ? <span className="muted">at {p.regionendpoint}</span> : <span className="muted">in {p.region}</span>}</td>
                <td>{p.lastRecheck ? <><span className={`badge ${p.lastRecheck.status}`}>{statusWord[p.lastRecheck.status]}</span> <time dateTime={p.lastRecheck.startedAt}>{shortTime(p.lastRecheck.startedAt)}</time></> : <span className="muted">Never</span>}</td>
                <td className="actions">
                  <button type="button" className="secondary small" aria-label={`Show ${p.name}`} onClick={() => { setNotice(undefined); setSelected(p.name); }}>Show</button>
                  <button type="button" className="small" aria-label={`Re-check ${p.name}`} disabled={recheck.running} onClick={() => void runRecheck(p.name)}>Re-check</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {listing?.unreadable.length ? (
        <ul className="plain">
          {listing.unreadable.map(({ name, error: e }) => <li key={name} className="callout warn"><strong>{name}</strong> cannot be read: {e.message}{e.fix ? ` Fix: ${e.fix}` : ''}</li>)}
        </ul>
      ) : null}

      {selected ? (
        <section aria-labelledby="profile-heading" className="panel">
          <h2 id="profile-heading" ref={detailHeading} tabIndex={-1}>{selected}</h2>
          <p className="buttons">
            <button type="button" disabled={recheck.running} onClick={() => void runRecheck(selected)}>{history.length ? 'Re-check now' : 'Run the first re-check'}</button>
          </p>
          <RecheckPanel operation={recheck} changes={recheck.result ? diffLatest(history) : undefined} />
          {profile && !recheck.running ? (
            <ProfileTools key={selected} profile={profile} onChanged={(changed) => {
              if (changed) setProfile(changed);
              void (changed ? load() : loadProfile(selected).then(load));
            }}
              onDeleted={(message) => { setSelected(undefined); setNotice(message); void load(); }} />
          ) : null}
          {profile && !recheck.running ? (
            <>
              <h3>What changed</h3>
              {history.length ? <ChangeSummary changes={diffLatest(history)} /> : <p className="muted">Not re-checked yet.</p>}
              <h3>History</h3>
              <HistoryTable history={history} />
              <h3>Report</h3>
              <ReportExport name={selected} />
            </>
          ) : null}
        </section>
      ) : null}

      <SchedulePanel refreshKey={refreshKey} />
    </div>
  );
}
