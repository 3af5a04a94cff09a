import type { ProbeStatus } from '../checks';
import type { RecheckRun } from '../profile';

/** One probe's verdict in one run: its status and, for a failure, the diagnosis code. */
export interface ProbeVerdict {
  status: ProbeStatus;
  code?: string;
}

/**
 * How a probe moved between two runs. `regressed`/`recovered` follow the severity order
 * pass < warn < skipped < fail (a skipped probe was not verified, so pass -> skipped is a regression);
 * `changed` keeps the status but names another diagnosis (e.g. SignatureDoesNotMatch -> InvalidAccessKeyId).
 */
export type ProbeChangeKind = 'regressed' | 'recovered' | 'changed' | 'added' | 'removed';

export interface ProbeChange {
  id: string;
  kind: ProbeChangeKind;
  from?: ProbeVerdict;
  to?: ProbeVerdict;
}

export interface RunDiff {
  /** startedAt of the two runs compared. */
  previousStartedAt: string;
  latestStartedAt: string;
  status: { from: RecheckRun['status']; to: RecheckRun['status'] };
  /** The run was not failing and now fails: what a notification is about. */
  startedFailing: boolean;
  /** The run failed and now does not. */
  recovered: boolean;
  /** Only the probes that moved, in the latest run's probe order (removed ones last). */
  changes: ProbeChange[];
}

const severity: Record<ProbeStatus, number> = { pass: 0, warn: 1, skipped: 2, fail: 3 };

const verdict = (probe: RecheckRun['probes'][number]): ProbeVerdict => ({
  status: probe.status,
  ...(probe.code ? { code: probe.code } : {}),
});

/** A passing (or warning) run followed by a failing one. The first run ever has nothing to fall from. */
export function startedFailing(previous: RecheckRun | undefined, latest: RecheckRun): boolean {
  return previous !== undefined && previous.status !== 'fail' && latest.status === 'fail';
}

/** What changed between two runs of one profile. */
export function diffRecheckRuns(previous: RecheckRun, latest: RecheckRun): RunDiff {
  const before = new Map(previous.probes.map((probe) => [probe.id, verdict(probe)]));
  const changes: ProbeChange[] = [];
  for (const probe of latest.probes) {
    const to = verdict(probe);
    const from = before.get(probe.id);
    before.delete(probe.id);
    if (!from) {
      changes.push({ id: probe.id, kind: 'added', to });
      continue;
    }
    const step = severity[to.status] - severity[from.status];
    if (step > 0) changes.push({ id: probe.id, kind: 'regressed', from, to });
    else if (step < 0) changes.push({ id: probe.id, kind: 'recovered', from, to });
    else if ((from.code ?? '') !== (to.code ?? '')) changes.push({ id: probe.id, kind: 'changed', from, to });
  }
  for (const [id, from] of before) changes.push({ id, kind: 'removed', from });
  return {
    previousStartedAt: previous.startedAt,
    latestStartedAt: latest.startedAt,
    status: { from: previous.status, to: latest.status },
    startedFailing: startedFailing(previous, latest),
    recovered: previous.status === 'fail' && latest.status !== 'fail',
    changes,
  };
}

/** The diff of a history's last two runs, or undefined when it has fewer than two. */
export function diffLatest(history: readonly RecheckRun[]): RunDiff | undefined {
  const latest = history.at(-1);
  const previous = history.at(-2);
  return latest && previous ? diffRecheckRuns(previous, latest) : undefined;
}

/** "credentials: pass -> fail (InvalidAccessKeyId)": one line per change, for the CLI, Markdown and notifications. */
export function describeProbeChange(change: ProbeChange): string {
  const show = (v?: ProbeVerdict) => (v ? `${v.status}${v.code ? ` (${v.code})` : ''}` : 'absent');
  return `${change.id}: ${show(change.from)} -> ${show(change.to)} [${change.kind}]`;
}
