import type { CheckRunResult, DriverVersion, ProbeResult } from '../../shared/checks';
import { isKeylessNotVerified } from '../../shared/keyless';
import type { RunChecksOptions } from '../services/checks/runner';

// How `check --config` and `check --profile` print a run and read the probe options: one module both use.

const label: Record<ProbeResult['status'], string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

/** The human report: one line per probe, the diagnosis and fix under each problem. */
export function formatCheckReport(result: CheckRunResult): string {
  const lines = result.probes.map((p) => {
    const head = `${label[p.status]}  ${p.id.padEnd(14)} ${p.title} (${p.durationMs} ms)`;
    // Keyless: not run because this machine cannot act as the registry; say what was not verified and why.
    if (isKeylessNotVerified(p) && p.diagnosis) return `NOT VERIFIED  ${p.id.padEnd(14)} ${p.title}\n      ${p.diagnosis.code}: ${p.diagnosis.message}\n      fix: ${p.diagnosis.fix}`;
    if (p.status === 'skipped') {
      const { blockedBy, reason } = p.evidence;
      return `${head}\n      skipped: ${typeof blockedBy === 'string' ? `${blockedBy} failed` : typeof reason === 'string' ? reason : 'not run'}`;
    }
    if (!p.diagnosis) return head;
    return `${head}\n      ${p.diagnosis.code}: ${p.diagnosis.message}\n      fix: ${p.diagnosis.fix}`;
  });
  const count = (s: ProbeResult['status']) => result.probes.filter((p) => p.status === s).length;
  const notVerified = result.probes.filter(isKeylessNotVerified).length;
  lines.push(
    `${result.probes.length} probes: ${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed, ${count('skipped') - notVerified} skipped` +
      `${notVerified ? `, ${notVerified} not verified (keyless: this machine cannot act as the registry's IAM role)` : ''} in ${result.totalMs} ms`,
  );
  for (const leftover of result.leftovers) lines.push(`NOT CLEANED UP: ${leftover} (remove it by hand)`);
  return `${lines.join('\n')}\n`;
}

/** --probe-timeout, --deadline and --driver as the runner's options (shared by `check --config` and `check --profile`). */
export function probeRunOptions(options: { probeTimeout?: number; deadline?: number; driver?: DriverVersion }, extra: RunChecksOptions = {}): RunChecksOptions {
  return {
    ...(options.probeTimeout ? { probeTimeoutMs: options.probeTimeout } : {}),
    ...(options.deadline ? { deadlineMs: options.deadline } : {}),
    ...(options.driver ? { driver: options.driver } : {}),
    ...extra,
  };
}
