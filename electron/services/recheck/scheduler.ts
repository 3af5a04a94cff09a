import { AppError, type AppErrorData } from '../../../shared/app-error';
import type { RecheckRun } from '../../../shared/profile';
import type { RecheckScheduleStatus } from '../../../shared/channels/recheck';
import { describeProbeChange, diffRecheckRuns, startedFailing } from '../../../shared/recheck/diff';
import type { Notifier } from './notifier';
import type { ScheduleSettingsStore } from './schedule-settings';

export interface ScheduledRecheckOutcome {
  run: RecheckRun;
  /** The profile's run before this one (undefined on its first run). */
  previous?: RecheckRun;
}

export interface RecheckSchedulerOptions {
  /** The profiles a scheduled pass re-checks (every saved profile, read fresh on each pass). */
  listProfiles(): Promise<string[]>;
  /** Re-check one profile and record the run (recheckProfile in the app). */
  recheck(name: string, signal: AbortSignal): Promise<ScheduledRecheckOutcome>;
  notifier: Notifier;
  settings: ScheduleSettingsStore;
  now?: () => Date;
  /** After each profile of a scheduled pass (the app refreshes its view). */
  onRun?(profile: string, outcome: ScheduledRecheckOutcome): void;
}

export interface RecheckScheduler {
  /** Arm the timer with the saved interval (app start). */
  start(): RecheckScheduleStatus;
  setIntervalMinutes(minutes: number): RecheckScheduleStatus;
  status(): RecheckScheduleStatus;
  /** One pass over every profile now (also what the timer runs). Never runs two passes at once. */
  runPass(): Promise<void>;
  /** Disarm the timer and abort a running pass (app quit). */
  stop(): void;
}

const errorData = (error: unknown): AppErrorData =>
  error instanceof AppError ? error.toData() : { code: 'RECHECK_FAILED', message: 'The scheduled re-check failed unexpectedly.' };

/**
 * Re-checks every saved profile at the user's interval while the app runs, and notifies when a profile
 * that was passing (or warning) starts failing. A profile that keeps failing does not notify again; it
 * notifies again only after it has recovered. The next pass is armed when a pass ends, so passes never
 * overlap however slow the storage is.
 */
export function createRecheckScheduler(options: RecheckSchedulerOptions): RecheckScheduler {
  const now = options.now ?? (() => new Date());
  let intervalMinutes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextRunAt: Date | undefined;
  let lastTickAt: Date | undefined;
  let pass: Promise<void> | undefined;
  let passAbort: AbortController | undefined;
  let lastNotification: RecheckScheduleStatus['lastNotification'] = null;
  let lastErrors: RecheckScheduleStatus['lastErrors'] = [];

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    nextRunAt = undefined;
    if (intervalMinutes <= 0) return;
    const delayMs = intervalMinutes * 60_000;
    nextRunAt = new Date(now().getTime() + delayMs);
    timer = setTimeout(() => {
      timer = undefined;
      void scheduler.runPass().finally(() => {
        if (!timer && !pass) arm();
      });
    }, delayMs);
    // Never keep a CLI or test process alive just for the schedule.
    (timer as { unref?: () => void }).unref?.();
  }

  async function notifyIfStartedFailing(profile: string, outcome: ScheduledRecheckOutcome): Promise<void> {
    if (!startedFailing(outcome.previous, outcome.run) || !outcome.previous) return;
    const regressed = diffRecheckRuns(outcome.previous, outcome.run).changes.filter((c) => c.kind === 'regressed' && c.to?.status === 'fail');
    const title = `Storage check failing: ${profile}`;
    const body = regressed.length
      ? regressed.slice(0, 3).map(describeProbeChange).join('\n')
      : `The re-check of "${profile}" failed; it passed last time.`;
    lastNotification = { profile, at: now().toISOString(), title, body };
    try {
      await options.notifier.notify({ profile, title, body });
    } catch {
      // A notification that cannot be shown must not stop the other profiles' checks.
    }
  }

  async function runOnePass(signal: AbortSignal): Promise<void> {
    lastTickAt = now();
    const errors: RecheckScheduleStatus['lastErrors'] = [];
    let names: string[] = [];
    try {
      names = await options.listProfiles();
    } catch (error) {
      errors.push({ profile: '*', error: errorData(error) });
    }
    for (const profile of names) {
      if (signal.aborted) break;
      try {
        const outcome = await options.recheck(profile, signal);
        options.onRun?.(profile, outcome);
        await notifyIfStartedFailing(profile, outcome);
      } catch (error) {
        errors.push({ profile, error: errorData(error) });
      }
    }
    lastErrors = errors;
  }

  const scheduler: RecheckScheduler = {
    start() {
      intervalMinutes = options.settings.load();
      arm();
      return scheduler.status();
    },
    setIntervalMinutes(minutes) {
      options.settings.save(minutes);
      intervalMinutes = minutes;
      if (!pass) arm();
      else if (minutes <= 0) arm(); // off now; the running pass finishes and does not re-arm
      return scheduler.status();
    },
    status() {
      return {
        intervalMinutes,
        nextRunAt: nextRunAt?.toISOString() ?? null,
        lastTickAt: lastTickAt?.toISOString() ?? null,
        running: pass !== undefined,
        lastNotification,
        lastErrors,
        settingsProblems: options.settings.problems(),
      };
    },
    runPass() {
      if (pass) return pass;
      passAbort = new AbortController();
      pass = runOnePass(passAbort.signal).finally(() => {
        pass = undefined;
        passAbort = undefined;
      });
      return pass;
    },
    stop() {
      intervalMinutes = 0;
      arm();
      passAbort?.abort();
    },
  };
  return scheduler;
}
