import { recheckIntervalSchema } from '../../../shared/recheck/contract';
import { JsonDocumentFile } from '../profiles/json-file';

/** The scheduled re-check interval, kept in <dataDir>/recheck-schedule.json across app restarts. */
export interface ScheduleSettingsStore {
  /** Minutes; 0 (off) when nothing valid was saved. */
  load(): number;
  save(intervalMinutes: number): void;
}

export function createScheduleSettingsStore(dataDir: string): ScheduleSettingsStore {
  const file = new JsonDocumentFile(dataDir, 'recheck-schedule');
  return {
    load() {
      // A hand-edited or future file must not stop the app: an unreadable interval means "off".
      const parsed = recheckIntervalSchema.safeParse(file.read()?.intervalMinutes);
      return parsed.success ? parsed.data : 0;
    },
    save(intervalMinutes) {
      file.write({ intervalMinutes: recheckIntervalSchema.parse(intervalMinutes) });
    },
  };
}

/** For tests and the harness without a data directory: the interval lives as long as the process. */
export function memoryScheduleSettings(initial = 0): ScheduleSettingsStore {
  let minutes = initial;
  return { load: () => minutes, save: (value) => void (minutes = recheckIntervalSchema.parse(value)) };
}
