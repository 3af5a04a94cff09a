import { recheckIntervalSchema } from '../../../shared/channels/recheck';
import { openAppSettings, type AppSettingsStore } from '../settings/app-settings-store';

/** The scheduled re-check interval, kept in the app's settings file (`recheck.intervalMinutes`) across restarts. */
export interface ScheduleSettingsStore {
  /** Minutes; 0 (off) when nothing valid was saved. */
  load(): number;
  save(intervalMinutes: number): void;
}

export function createScheduleSettingsStore(dataDir: string): ScheduleSettingsStore {
  // Opened on first use: creating the scheduler at app start must not touch the disk.
  let settings: AppSettingsStore | undefined;
  const open = () => (settings ??= openAppSettings(dataDir));
  return {
    load() {
      // A file that cannot be read (read-only disk, a pipe put in its place) must not stop the app: "off".
      try {
        return open().get('recheck').intervalMinutes;
      } catch {
        return 0;
      }
    },
    save(intervalMinutes) {
      open().set('recheck', { intervalMinutes: recheckIntervalSchema.parse(intervalMinutes) });
    },
  };
}

/** For tests and the harness without a data directory: the interval lives as long as the process. */
export function memoryScheduleSettings(initial = 0): ScheduleSettingsStore {
  let minutes = initial;
  return { load: () => minutes, save: (value) => void (minutes = recheckIntervalSchema.parse(value)) };
}
