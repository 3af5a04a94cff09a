import type { ProfileServices } from '../profiles';
import type { Notifier } from './notifier';
import { createScheduleSettingsStore } from './schedule-settings';
import { createRecheckScheduler, type RecheckScheduler } from './scheduler';

/**
 * The app's scheduler on the real services: every saved profile (unreadable ones are skipped: the list
 * view shows them), re-checked with recheckProfile, the interval kept in the data directory.
 */
export function createProfileRecheckScheduler(services: ProfileServices, notifier: Notifier): RecheckScheduler {
  return createRecheckScheduler({
    listProfiles: async () => (await services.profiles.list()).profiles.map((p) => p.name),
    // The check runner (and the AWS SDK under it) loads at the first scheduled run, not with the app.
    recheck: async (name, signal) => (await import('./recheck-profile')).recheckProfile(name, services, { signal }),
    notifier,
    settings: createScheduleSettingsStore(services.dataDir),
  });
}
