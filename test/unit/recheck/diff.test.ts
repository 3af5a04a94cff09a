import { describe, expect, it } from 'vitest';
import { recheckRunSchema } from '../../../shared/profile';
import { describeProbeChange, diffLatest, diffRecheckRuns, startedFailing } from '../../../shared/recheck/diff';
import { appendRecheckRun } from '../../../shared/recheck/history';
import { makeRun } from './runs';

const passing = makeRun('2026-11-23T10:00:00.000Z', { dns: 'pass', tls: 'pass', credentials: 'pass', list: 'pass' });
const rotated = makeRun('2026-11-23T11:00:00.000Z', {
  dns: 'pass',
  tls: 'pass',
  credentials: 'fail:InvalidAccessKeyId',
  list: 'skipped',
});

describe('diffRecheckRuns', () => {
  it('flags the probes that regressed, with their diagnosis code, and nothing that stayed the same', () => {
    expect(recheckRunSchema.parse(rotated)).toEqual(rotated);
    const diff = diffRecheckRuns(passing, rotated);
    expect(diff.status).toEqual({ from: 'pass', to: 'fail' });
    expect(diff.startedFailing).toBe(true);
    expect(diff.recovered).toBe(false);
    expect(diff.changes).toEqual([
      { id: 'credentials', kind: 'regressed', from: { status: 'pass' }, to: { status: 'fail', code: 'InvalidAccessKeyId' } },
      { id: 'list', kind: 'regressed', from: { status: 'pass' }, to: { status: 'skipped' } },
    ]);
    expect(describeProbeChange(diff.changes[0]!)).toBe('credentials: pass -> fail (InvalidAccessKeyId) [regressed]');
  });

  it('names a recovery, a changed diagnosis, and added or removed probes', () => {
    const otherFailure = makeRun('2026-11-23T12:00:00.000Z', { dns: 'pass', tls: 'warn', credentials: 'fail:SignatureDoesNotMatch', multipart: 'pass' });
    const diff = diffRecheckRuns(rotated, otherFailure);
    expect(diff.startedFailing).toBe(false);
    expect(diff.changes).toEqual([
      { id: 'tls', kind: 'regressed', from: { status: 'pass' }, to: { status: 'warn' } },
      { id: 'credentials', kind: 'changed', from: { status: 'fail', code: 'InvalidAccessKeyId' }, to: { status: 'fail', code: 'SignatureDoesNotMatch' } },
      { id: 'multipart', kind: 'added', to: { status: 'pass' } },
      { id: 'list', kind: 'removed', from: { status: 'skipped' } },
    ]);
    const back = diffRecheckRuns(otherFailure, makeRun('2026-11-23T13:00:00.000Z', { dns: 'pass', tls: 'pass', credentials: 'pass', multipart: 'pass' }));
    expect(back.recovered).toBe(true);
    expect(back.changes.map((c) => `${c.id}:${c.kind}`)).toEqual(['tls:recovered', 'credentials:recovered']);
  });

  it('reports no changes between two identical runs', () => {
    const again = { ...passing, startedAt: '2026-11-23T10:05:00.000Z' };
    expect(diffRecheckRuns(passing, again).changes).toEqual([]);
  });
});

describe('startedFailing', () => {
  it.each([
    ['pass -> fail', 'pass', 'fail', true],
    ['warn -> fail', 'warn', 'fail', true],
    ['fail -> fail', 'fail', 'fail', false],
    ['pass -> pass', 'pass', 'pass', false],
    ['fail -> pass', 'fail', 'pass', false],
  ] as const)('%s', (_name, from, to, expected) => {
    const run = (status: 'pass' | 'warn' | 'fail') => ({ ...passing, status });
    expect(startedFailing(run(from), run(to))).toBe(expected);
  });

  it('is false on the first run: there was nothing passing to fall from', () => {
    expect(startedFailing(undefined, rotated)).toBe(false);
  });
});

describe('appendRecheckRun and diffLatest', () => {
  it('keeps time order and drops the oldest beyond the cap', () => {
    let history = [passing];
    for (let i = 0; i < 5; i++) history = appendRecheckRun(history, { ...passing, startedAt: `2026-11-23T10:1${i}:00.000Z` }, 3);
    expect(history.map((r) => r.startedAt)).toEqual(['2026-11-23T10:12:00.000Z', '2026-11-23T10:13:00.000Z', '2026-11-23T10:14:00.000Z']);
    expect(() => appendRecheckRun([], passing, 0)).toThrow(RangeError);
  });

  it('compares the last two runs, and has nothing to compare before the second run', () => {
    expect(diffLatest([])).toBeUndefined();
    expect(diffLatest([passing])).toBeUndefined();
    expect(diffLatest([passing, rotated])?.changes.map((c) => c.id)).toEqual(['credentials', 'list']);
  });
});
