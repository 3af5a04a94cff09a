import { recheckIntervalSchema } from '../../../shared/recheck/contract';
import { JsonDocumentFile } from '../profiles/json-file';

/** The scheduled re-check interval, kept in <dataDir>/recheck-schedule.json across app restarts. */
export interface ScheduleSettingsStore {
  /** Minutes; 0 (off) when nothing valid was saved. */
  load(): number;
  save(intervalMinutes: number): void;
}

export function createScheduleSettingsStore(dataDir: string): ScheduleSettingsStore {
  // Opened on first use: creating the scheduler at app start must not touch the disk.
  let file: JsonDocumentFile | undefined;
  const open = () => (file ??= new JsonDocumentFile(dataDir, 'recheck-schedule'));
  return {
    load() {
      // A corrupt, hand-edited or future file must not stop the app: an unreadable interval means "off".
      try {
        const parsed = recheckIntervalSchema.safeParse(open().read()?.intervalMinutes);
        return parsed.success ? parsed.data : 0;
      } catch {
        return 0;
      }
    },
    save(intervalMinutes) {
      open().write({ intervalMinutes: recheckIntervalSchema.parse(intervalMinutes) });
    },
  };
}

/** For tests and the harness without a data directory: the interval lives as long as the process. */
export function memoryScheduleSettings(initial = 0): ScheduleSettingsStore {
  let minutes = initial;
  return { load: () => minutes, save: (value) => void (minutes = recheckIntervalSchema.parse(value)) };
}
