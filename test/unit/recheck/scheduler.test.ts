import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecheckRun } from '../../../shared/profile';
import { RecordingNotifier } from '../../../electron/services/recheck/notifier';
import { memoryScheduleSettings } from '../../../electron/services/recheck/schedule-settings';
import { createRecheckScheduler, type ScheduledRecheckOutcome } from '../../../electron/services/recheck/scheduler';
import { AppError } from '../../../shared/app-error';
import { makeRun } from './runs';

const MINUTE = 60_000;
const pass = () => makeRun(new Date().toISOString(), { dns: 'pass', credentials: 'pass' });
const fail = () => makeRun(new Date().toISOString(), { dns: 'pass', credentials: 'fail:InvalidAccessKeyId' });

/** A recheck that plays a script of verdicts per profile and keeps a history, as the repository does. */
function scripted(script: Record<string, (() => RecheckRun)[]>) {
  const history: Record<string, RecheckRun[]> = {};
  const calls: string[] = [];
  const recheck = async (name: string): Promise<ScheduledRecheckOutcome> => {
    calls.push(name);
    const next = script[name]?.shift();
    if (!next) throw new AppError({ code: 'PROFILE_SECRET_MISSING', message: `no keys for ${name}` });
    const run = next();
    const previous = history[name]?.at(-1);
    (history[name] ??= []).push(run);
    return { run, ...(previous ? { previous } : {}) };
  };
  return { recheck, calls, history };
}

describe('the scheduled re-check', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every profile at the interval and notifies once when one goes from passing to failing', async () => {
    const { recheck, calls } = scripted({ prod: [pass, fail, fail, fail], lab: [pass, pass, pass, pass] });
    const notifier = new RecordingNotifier();
    const scheduler = createRecheckScheduler({ listProfiles: async () => ['prod', 'lab'], recheck, notifier, settings: memoryScheduleSettings(15) });
    expect(scheduler.start()).toMatchObject({ intervalMinutes: 15, nextRunAt: '2026-11-23T10:15:00.000Z', running: false });

    await vi.advanceTimersByTimeAsync(15 * MINUTE - 1);
    expect(calls).toEqual([]); // not before the interval
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['prod', 'lab']);
    expect(notifier.sent).toEqual([]); // first runs: nothing to fall from

    await vi.advanceTimersByTimeAsync(15 * MINUTE); // prod: pass -> fail
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({
      profile: 'prod',
      title: 'Storage check failing: prod',
      body: 'credentials: pass -> fail (InvalidAccessKeyId) [regressed]',
    });

    await vi.advanceTimersByTimeAsync(30 * MINUTE); // prod: fail -> fail, twice
    expect(calls).toHaveLength(8);
    expect(notifier.sent).toHaveLength(1);
    expect(scheduler.status().lastNotification).toMatchObject({ profile: 'prod', title: 'Storage check failing: prod' });
    scheduler.stop();
  });

  it('notifies again only after a recovery', async () => {
    const { recheck } = scripted({ prod: [pass, fail, pass, fail] });
    const notifier = new RecordingNotifier();
    const scheduler = createRecheckScheduler({ listProfiles: async () => ['prod'], recheck, notifier, settings: memoryScheduleSettings(1) });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    expect(notifier.sent.map((n) => n.at)).toEqual(['2026-11-23T10:02:00.000Z', '2026-11-23T10:04:00.000Z']);
    scheduler.stop();
  });

  it('keeps checking the other profiles when one cannot be checked, and reports it', async () => {
    const { recheck, calls } = scripted({ lab: [pass] }); // "gone" has no script: it throws like a missing key
    const scheduler = createRecheckScheduler({ listProfiles: async () => ['gone', 'lab'], recheck, notifier: new RecordingNotifier(), settings: memoryScheduleSettings(5) });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(calls).toEqual(['gone', 'lab']);
    expect(scheduler.status().lastErrors).toEqual([{ profile: 'gone', error: { code: 'PROFILE_SECRET_MISSING', message: 'no keys for gone' } }]);
    scheduler.stop();
  });

  it('is off at 0, arms when set, re-arms from now on a change, and keeps the setting', async () => {
    const settings = memoryScheduleSettings(0);
    const { recheck, calls } = scripted({ prod: [pass, pass, pass] });
    const scheduler = createRecheckScheduler({ listProfiles: async () => ['prod'], recheck, notifier: new RecordingNotifier(), settings });
    expect(scheduler.start()).toMatchObject({ intervalMinutes: 0, nextRunAt: null });
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(calls).toEqual([]);

    expect(scheduler.setIntervalMinutes(10).nextRunAt).toBe('2026-11-24T10:10:00.000Z');
    expect(settings.load()).toBe(10);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(scheduler.setIntervalMinutes(60).nextRunAt).toBe('2026-11-24T11:05:00.000Z');
    await vi.advanceTimersByTimeAsync(59 * MINUTE);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(calls).toEqual(['prod']);

    scheduler.setIntervalMinutes(0);
    await vi.advanceTimersByTimeAsync(120 * MINUTE);
    expect(calls).toEqual(['prod']);
    expect(() => scheduler.setIntervalMinutes(-1)).toThrow();
  });

  it('never overlaps passes: a slow pass delays the next one instead of stacking another', async () => {
    let active = 0;
    let maxActive = 0;
    const recheck = async (): Promise<ScheduledRecheckOutcome> => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 3 * MINUTE)); // slower than the interval
      active--;
      return { run: pass() };
    };
    const scheduler = createRecheckScheduler({ listProfiles: async () => ['slow'], recheck, notifier: new RecordingNotifier(), settings: memoryScheduleSettings(1) });
    scheduler.start();
    void scheduler.runPass(); // a manual pass while the timer is armed
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(maxActive).toBe(1);
    scheduler.stop();
  });
});
