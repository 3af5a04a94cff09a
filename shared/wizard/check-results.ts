import { checkRunPassed, probeBlockers, probeIds, probeTitles, type CheckRunResult, type ProbeId, type ProbeResult } from '../checks';
import { isKeylessNotVerified } from '../keyless';
import type { KeptChecks } from './values';

/**
 * The Validate step's rules as pure functions: which probes a re-run takes along, how a run merges into
 * the kept results, when they open the gate, and the one-line summary.
 */

/** Probes whose verdict rests on `id` (the inverse of probeBlockers), in probe order. */
export function probeDependents(id: ProbeId): ProbeId[] {
  return probeIds.filter((other) => probeBlockers(other).includes(id));
}

/** Re-running one probe re-runs everything that rests on it: no "Skipped" is left behind a prerequisite that now passes. */
export function rerunSet(id: ProbeId): ProbeId[] {
  return [id, ...probeDependents(id)];
}

/** A run's results merged into the kept ones: a partial run replaces only the probes it ran. */
export function mergeCheckRun(kept: KeptChecks, run: CheckRunResult, only?: readonly ProbeId[]): KeptChecks {
  const byId = new Map((only ? kept.results : []).map((r) => [r.id, r]));
  for (const probe of run.probes) byId.set(probe.id, probe);
  return { results: probeIds.flatMap((id) => byId.get(id) ?? []), leftovers: run.leftovers };
}

/** A skipped probe's blocker (the runner names it in the evidence), when another probe's failure skipped it. */
export function blockedBy(result: ProbeResult): ProbeId | undefined {
  const blocker = result.evidence.blockedBy;
  return probeIds.find((id) => id === blocker);
}

/**
 * Next opens when every probe ran and none failed. A probe skipped because another failed proved nothing;
 * one skipped for a reason of its own (the pull probe with redirects disabled) has nothing to prove.
 */
export function checksPassed(kept: KeptChecks): boolean {
  const complete = probeIds.every((id) => kept.results.some((r) => r.id === id));
  return complete && kept.results.every((r) => r.status !== 'skipped' || !blockedBy(r))
    && checkRunPassed({ probes: kept.results, totalMs: 0, leftovers: kept.leftovers });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "7 passed, 1 failed, 2 skipped — …": the counts, then what to do next. Empty before any run. */
export function summarizeChecks(kept: KeptChecks): string {
  if (!kept.results.length) return '';
  const notVerified = kept.results.filter(isKeylessNotVerified).length;
  const count = (status: ProbeResult['status']) => kept.results.filter((r) => r.status === status).length;
  const notRun = probeIds.length - kept.results.length;
  const skipped = count('skipped') - notVerified;
  const counts = [
    `${count('pass')} passed`,
    count('warn') ? plural(count('warn'), 'warning') : '',
    count('fail') ? `${count('fail')} failed` : '',
    skipped ? `${skipped} skipped` : '',
    notVerified ? `${notVerified} not verified (no registry key)` : '',
    notRun ? `${notRun} not run` : '',
  ].filter(Boolean).join(', ');
  const failed = kept.results.find((r) => r.status === 'fail');
  const waitingOn = (id: ProbeId) => kept.results.filter((r) => blockedBy(r) === id).length;
  const verdict = failed
    ? `fix “${probeTitles[failed.id]}” first${waitingOn(failed.id) ? `; ${plural(waitingOn(failed.id), 'skipped check')} wait${waitingOn(failed.id) === 1 ? 's' : ''} for it` : ''}.`
    : kept.leftovers.length ? `${plural(kept.leftovers.length, 'probe object')} could not be removed; see below.`
      : notRun ? 'run all checks to go on.'
        : checksPassed(kept) && notVerified
          ? 'the storage is reachable from here, but what the registry\'s IAM role may do was not verified: push and pull through DTR once the role is attached. Next is open.'
          : checksPassed(kept) ? 'the storage works as the registry uses it; Next is open.' : 'run the skipped checks again.';
  return `${counts} — ${verdict}`;
}
