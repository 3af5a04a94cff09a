import type { RecheckRun } from '../../../shared/profile';

type Verdict = RecheckRun['probes'][number]['status'] | `fail:${string}`;

/** A history entry written the way recheckRunFromResult writes one: `{ dns: 'pass', credentials: 'fail:InvalidAccessKeyId' }`. */
export function makeRun(startedAt: string, verdicts: Record<string, Verdict>, durationMs = 120): RecheckRun {
  const probes = Object.entries(verdicts).map(([id, v]) => {
    const [status, code] = v.split(':') as [RecheckRun['probes'][number]['status'], string | undefined];
    return { id, status, durationMs: 10, ...(code ? { code } : {}) };
  });
  const status = probes.some((p) => p.status === 'fail') ? 'fail' : probes.some((p) => p.status === 'warn') ? 'warn' : 'pass';
  return { startedAt, durationMs, status, probes };
}
