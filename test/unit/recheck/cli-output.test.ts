import { describe, expect, it } from 'vitest';
import { formatProfileFooter, profileCheckJson } from '../../../electron/cli/commands/check-profile';
import type { RecheckResult } from '../../../electron/services/recheck/recheck-profile';
import { diffRecheckRuns } from '../../../shared/recheck/diff';
import { makeRun } from './runs';

const before = makeRun('2026-11-23T10:00:00.000Z', { dns: 'pass', credentials: 'pass' }, 200);
const after = makeRun('2026-11-23T11:00:00.000Z', { dns: 'pass', credentials: 'fail:UNKNOWN_ACCESS_KEY' }, 90);
const outcome = (history: ReturnType<typeof makeRun>[]): RecheckResult => {
  const run = history.at(-1)!;
  const previous = history.at(-2);
  return {
    profile: 'prod',
    result: { probes: [], totalMs: run.durationMs, leftovers: [] },
    run,
    passed: run.status !== 'fail',
    history,
    ...(previous ? { previous, changes: diffRecheckRuns(previous, run) } : {}),
  };
};

describe('check --profile output', () => {
  it('says so on the first run, and names every change afterwards', () => {
    expect(formatProfileFooter(outcome([before]), false)).toBe(
      'First recorded run of profile "prod": nothing to compare with.\nRecorded in the history of "prod" (1 run).\n',
    );
    expect(formatProfileFooter(outcome([before, after]), false)).toBe(
      'CHANGED since the previous run (2026-11-23T10:00:00.000Z): pass -> fail, started failing\n' +
        '  credentials: pass -> fail (UNKNOWN_ACCESS_KEY) [regressed]\n' +
        'Recorded in the history of "prod" (2 runs).\n',
    );
    expect(formatProfileFooter(outcome([after, { ...after, startedAt: '2026-11-23T12:00:00.000Z' }]), false)).toContain(
      'No change since the previous run (2026-11-23T11:00:00.000Z).',
    );
  });

  it('--history lists every run newest first with its failing probes', () => {
    const text = formatProfileFooter(outcome([before, after]), true);
    expect(text.split('\n').slice(-4)).toEqual([
      'STARTED                   STATUS  DURATION  FAILING',
      '2026-11-23T11:00:00.000Z  fail    90 ms     credentials (UNKNOWN_ACCESS_KEY)',
      '2026-11-23T10:00:00.000Z  pass    200 ms    -',
      '',
    ]);
  });

  it('the JSON keeps the documented keys, and history only with --history', () => {
    expect(Object.keys(profileCheckJson(outcome([before]), false))).toEqual(['probes', 'totalMs', 'profile', 'passed', 'run', 'changes']);
    const json = profileCheckJson(outcome([before, after]), true);
    expect(Object.keys(json)).toEqual(['probes', 'totalMs', 'profile', 'passed', 'run', 'changes', 'history']);
    expect(json.changes?.startedFailing).toBe(true);
    expect(json.passed).toBe(false);
  });
});
