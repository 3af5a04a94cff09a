import { checkLimitEnv } from '../../shared/check-limits';

/**
 * The checks' time limits for e2e runs, handed to every harness through the environment (the product's own
 * variables). On a 2-core machine under a CPU hog a TCP connect to RGW was measured at 2.9 s and a TLS
 * handshake past the 10 s default, so the e2e tests (which are about the UI, not about timeouts; the runner's
 * timeouts have their own unit tests) give the probes room. A run ends within the deadline plus cleanup.
 */
export const e2eCheckLimits = { probeTimeoutMs: 30_000, deadlineMs: 60_000, latencyTimeoutMs: 150_000 } as const;
/** How long a test waits for a whole check run to be shown: the deadline, the cleanup sweep, and slack. */
export const checkRunBudgetMs = e2eCheckLimits.deadlineMs + 40_000;

export function setE2eCheckLimits(env: NodeJS.ProcessEnv): void {
  env[checkLimitEnv.probeTimeoutMs] ??= String(e2eCheckLimits.probeTimeoutMs);
  env[checkLimitEnv.deadlineMs] ??= String(e2eCheckLimits.deadlineMs);
  // "A long action can be cancelled" holds a measurement open on a silent listener until it clicks Cancel:
  // the product's 3 s would end it first on a loaded machine. Every other measurement here gets an answer
  // (loopback) or a refusal at once (names off this machine are refused by the loopback guard).
  env[checkLimitEnv.latencyTimeoutMs] ??= String(e2eCheckLimits.latencyTimeoutMs);
}
