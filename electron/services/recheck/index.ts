export type { Notifier, RecheckNotification } from './notifier';
export { RecordingNotifier } from './notifier';
export { recheckProfile, type RecheckResult, type RecheckOptions } from './recheck-profile';
export { createRecheckScheduler, type RecheckScheduler } from './scheduler';
export { createProfileRecheckScheduler } from './profile-scheduler';
