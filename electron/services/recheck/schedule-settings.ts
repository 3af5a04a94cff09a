import type { AppErrorData } from '../../../shared/app-error';
import { AppError } from '../../../shared/app-error';
import { recheckIntervalSchema } from '../../../shared/channels/recheck';
import { openAppSettings, type AppSettingsStore } from '../settings/app-settings-store';

/** The scheduled re-check interval, kept in the app's settings file (`recheck.intervalMinutes`) across restarts. */
export interface ScheduleSettingsStore {
  /** Minutes; 0 (off) when nothing valid was saved. */
  load(): number;
  save(intervalMinutes: number): void;
  /**
   * Why the saved interval did not apply, for a notice: the settings file was moved aside (corrupt, from
   * a newer version) or could not be read. Empty until the file is first opened; never opens it itself.
   */
  problems(): AppErrorData[];
}

export function createScheduleSettingsStore(dataDir: string): ScheduleSettingsStore {
  // Opened on first use: creating the scheduler at app start must not touch the disk.
  let settings: AppSettingsStore | undefined;
  let unreadable: AppErrorData | undefined;
  const open = () => (settings ??= openAppSettings(dataDir));
  return {
    load() {
      // A file that cannot be read (read-only disk, a pipe put in its place) must not stop the app: "off",
      // and the reason is kept for the notice instead of being swallowed.
      try {
        const minutes = open().get('recheck').intervalMinutes;
        unreadable = undefined;
        return minutes;
      } catch (error) {
        unreadable =
          error instanceof AppError
            ? error.toData()
            : { code: 'SETTINGS_UNREADABLE', message: `The settings file in ${dataDir} could not be read, so the scheduled re-check is off.` };
        return 0;
      }
    },
    save(intervalMinutes) {
      open().set('recheck', { intervalMinutes: recheckIntervalSchema.parse(intervalMinutes) });
      unreadable = undefined;
    },
    problems: () => [...(settings?.problems ?? []), ...(unreadable ? [unreadable] : [])],
  };
}

/** For tests and the harness without a data directory: the interval lives as long as the process. */
export function memoryScheduleSettings(initial = 0): ScheduleSettingsStore {
  let minutes = initial;
  return { load: () => minutes, save: (value) => void (minutes = recheckIntervalSchema.parse(value)), problems: () => [] };
}
