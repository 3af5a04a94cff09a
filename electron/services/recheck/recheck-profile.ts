import { checkRunPassed, type CheckRunResult } from '../../../shared/checks';
import { recheckRunFromResult, type RecheckRun, type SecretRole } from '../../../shared/profile';
import { diffRecheckRuns, type RunDiff } from '../../../shared/recheck/diff';
import { runChecks, type RunChecksOptions } from '../checks/runner';
import type { ProfileServices } from '../profiles';
import { resolveProfile } from '../profiles/resolve-profile';

export interface RecheckResult {
  profile: string;
  result: CheckRunResult;
  /** The history entry that was appended. */
  run: RecheckRun;
  /** The run before this one, if the profile had been checked before. */
  previous?: RecheckRun;
  passed: boolean;
  changes?: RunDiff;
  /** The profile's history after the append, oldest first. */
  history: RecheckRun[];
}

export interface RecheckOptions extends RunChecksOptions {
  /** Whose keys run the check: the registry's own key (default; what DTR will use) or the setup keys. */
  role?: SecretRole;
  now?: () => Date;
}

/**
 * Re-check one saved profile: its config from the profile, its keys from the keychain, every probe, and
 * the run appended to the profile's history. A profile that cannot be resolved (missing, keys gone from
 * the keychain) throws an AppError and records nothing: that is a setup problem, not a storage verdict.
 */
export async function recheckProfile(name: string, services: Pick<ProfileServices, 'profiles' | 'secrets'>, options: RecheckOptions = {}): Promise<RecheckResult> {
  const { role, now = () => new Date(), ...runOptions } = options;
  const resolved = await resolveProfile(name, { repository: services.profiles, secrets: services.secrets, ...(role ? { role } : {}) });
  const startedAt = now();
  const result = await runChecks(resolved.config, resolved.credentials, { clientTrust: resolved.clientTrust, ...runOptions });
  const run = recheckRunFromResult(result, startedAt);
  const saved = await services.profiles.appendRecheckRun(name, run);
  const history = saved.recheckHistory;
  const previous = history.length >= 2 ? history.at(-2) : undefined;
  return {
    profile: saved.name,
    result,
    run,
    ...(previous ? { previous, changes: diffRecheckRuns(previous, run) } : {}),
    passed: checkRunPassed(result),
    history,
  };
}
