import { AppError } from '../../../shared/app-error';
import { summarizeCheckRun } from '../../../shared/checks';
import type { RecheckRun } from '../../../shared/profile';
import { describeProbeChange, type RunDiff } from '../../../shared/recheck/diff';
import type { RunChecksOptions } from '../../services/checks/runner';
import { recheckProfile, type RecheckResult } from '../../services/recheck/recheck-profile';
import type { DriverVersion } from '../../../shared/checks';
import { EXIT } from '../../../shared/cli-exit-codes';
import { formatCheckReport, probeRunOptions } from '../check-report';
import type { CliContext } from '../context';
import { formatAppError } from '../validation-output';

export interface ProfileCheckOptions {
  profile: string;
  json?: boolean;
  /** Also print the profile's recorded runs (and put them in the JSON as `history`). */
  history?: boolean;
  probeTimeout?: number;
  deadline?: number;
  driver?: DriverVersion;
}

export type ProfileCheckIo = Pick<CliContext, 'stdout' | 'stderr' | 'services'>;

/** The documented `check --profile NAME --json` shape (docs/cli.md): `check --json` plus the profile's record. */
export interface ProfileCheckJson {
  probes: ReturnType<typeof summarizeCheckRun>['probes'];
  totalMs: number;
  profile: string;
  passed: boolean;
  /** The history entry this run appended. */
  run: RecheckRun;
  /** This run against the previous one; null on the profile's first run. */
  changes: RunDiff | null;
  /** With --history only: every recorded run, oldest first. */
  history?: RecheckRun[];
}

export function profileCheckJson(outcome: RecheckResult, withHistory: boolean): ProfileCheckJson {
  return {
    ...summarizeCheckRun(outcome.result),
    profile: outcome.profile,
    passed: outcome.passed,
    run: outcome.run,
    changes: outcome.changes ?? null,
    ...(withHistory ? { history: outcome.history } : {}),
  };
}

/** The lines under the probe report: what changed since the previous run, then (with --history) every run. */
export function formatProfileFooter(outcome: RecheckResult, withHistory: boolean): string {
  const lines: string[] = [];
  if (!outcome.changes) lines.push(`First recorded run of profile "${outcome.profile}": nothing to compare with.`);
  else if (outcome.changes.changes.length === 0) lines.push(`No change since the previous run (${outcome.changes.previousStartedAt}).`);
  else {
    const { status, startedFailing, recovered } = outcome.changes;
    lines.push(`CHANGED since the previous run (${outcome.changes.previousStartedAt}): ${status.from} -> ${status.to}${startedFailing ? ', started failing' : recovered ? ', recovered' : ''}`);
    for (const change of outcome.changes.changes) lines.push(`  ${describeProbeChange(change)}`);
  }
  const count = outcome.history.length;
  lines.push(`Recorded in the history of "${outcome.profile}" (${count} run${count === 1 ? '' : 's'}).`);
  if (withHistory) {
    lines.push('', 'STARTED                   STATUS  DURATION  FAILING');
    for (const run of [...outcome.history].reverse()) {
      const failing = run.probes.filter((p) => p.status === 'fail').map((p) => `${p.id}${p.code ? ` (${p.code})` : ''}`).join(', ');
      lines.push(`${run.startedAt.padEnd(26)}${run.status.padEnd(8)}${`${run.durationMs} ms`.padEnd(10)}${failing || '-'}`.trimEnd());
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `check --profile NAME [--json] [--history]`: re-check a saved profile (config from the profile, keys
 * from the keychain) and append the run to its history. 0 passed, 1 a probe failed, 2 the profile could
 * not be used (missing, keys gone, keychain locked).
 */
export async function runProfileCheck(options: ProfileCheckOptions, io: ProfileCheckIo, runOptions: RunChecksOptions = {}): Promise<number> {
  let outcome: RecheckResult;
  try {
    outcome = await recheckProfile(options.profile, await io.services(), probeRunOptions(options, runOptions));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(formatAppError(error));
    return EXIT.USAGE;
  }
  const { result } = outcome;
  if (options.json) {
    io.stdout(`${JSON.stringify(profileCheckJson(outcome, Boolean(options.history)), null, 2)}\n`);
    if (result.leftovers.length) io.stderr(result.leftovers.map((l) => `NOT CLEANED UP: ${l}\n`).join(''));
  } else {
    io.stdout(formatCheckReport(result) + formatProfileFooter(outcome, Boolean(options.history)));
  }
  return outcome.passed ? EXIT.OK : EXIT.FAILED;
}
