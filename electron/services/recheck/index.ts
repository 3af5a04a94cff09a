import type { ProfileServices } from '../profiles';
import type { Notifier } from './notifier';
import { recheckProfile } from './recheck-profile';
import { createScheduleSettingsStore } from './schedule-settings';
import { createRecheckScheduler, type RecheckScheduler } from './scheduler';

export type { Notifier, RecheckNotification } from './notifier';
export { RecordingNotifier } from './notifier';
export { recheckProfile, type RecheckResult, type RecheckOptions } from './recheck-profile';
export { createRecheckScheduler, type RecheckScheduler } from './scheduler';

/**
 * The app's scheduler on the real services: every saved profile (unreadable ones are skipped: the list
 * view shows them), re-checked with recheckProfile, the interval kept in the data directory.
 */
export function createProfileRecheckScheduler(services: ProfileServices, notifier: Notifier): RecheckScheduler {
  return createRecheckScheduler({
    listProfiles: async () => (await services.profiles.list()).profiles.map((p) => p.name),
    recheck: async (name, signal) => recheckProfile(name, services, { signal }),
    notifier,
    settings: createScheduleSettingsStore(services.dataDir),
  });
}
