/**
 * How long the checks wait: each probe, and the whole run. The defaults suit a normal link; a slow link
 * (or a very busy machine) can lengthen them with the CLI's --probe-timeout / --deadline or, for the app,
 * with these environment variables. One rule for the range, wherever a limit enters. This module imports
 * nothing (no schema library), so the CLI's grammar checks --probe-timeout and --deadline with it at start;
 * the services raise CHECK_LIMIT_INVALID through electron/services/check-limits.ts.
 */
export const checkLimitDefaults = { probeTimeoutMs: 10_000, deadlineMs: 30_000, latencyTimeoutMs: 3_000 } as const;
export const checkLimitEnv = {
  probeTimeoutMs: 'DTR_S3_ASSISTANT_PROBE_TIMEOUT_MS',
  deadlineMs: 'DTR_S3_ASSISTANT_CHECK_DEADLINE_MS',
  /** Each endpoint of the Bucket step's round-trip measurement (they are measured side by side). */
  latencyTimeoutMs: 'DTR_S3_ASSISTANT_LATENCY_TIMEOUT_MS',
} as const;
export const checkLimitRangeMs = { min: 1_000, max: 600_000 } as const;

export type CheckLimitName = keyof typeof checkLimitDefaults;
export type CheckLimits = Record<CheckLimitName, number>;

/** The message and fix for a wrong limit in the environment (the caller raises CHECK_LIMIT_INVALID). */
export function checkLimitProblem(problems: readonly string[]): { message: string; fix: string } {
  return {
    message: `A check time limit in the environment is not valid: ${problems.join('; ')}.`,
    fix: `Unset the variable, or set it to a number of milliseconds from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max}.`,
  };
}

/** A limit in milliseconds: a whole number from 1 s to 10 min, or the reason it is not. */
export function parseCheckLimitMs(raw: string): { ok: true; value: number } | { ok: false; reason: string } {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < checkLimitRangeMs.min || value > checkLimitRangeMs.max) {
    return { ok: false, reason: `expected a whole number of milliseconds from ${checkLimitRangeMs.min} to ${checkLimitRangeMs.max}, got ${JSON.stringify(raw.slice(0, 40))}` };
  }
  return { ok: true, value };
}

/**
 * The limits from an environment (variables unset or empty keep the default). A variable that is set but
 * wrong is an error, not a silent default: the caller reports `problems`.
 */
export function checkLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): { limits: CheckLimits; problems: string[] } {
  const limits: CheckLimits = { ...checkLimitDefaults };
  const problems: string[] = [];
  for (const name of Object.keys(checkLimitEnv) as CheckLimitName[]) {
    const raw = env[checkLimitEnv[name]];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = parseCheckLimitMs(raw);
    if (parsed.ok) limits[name] = parsed.value;
    else problems.push(`${checkLimitEnv[name]}: ${parsed.reason}`);
  }
  return { limits, problems };
}
