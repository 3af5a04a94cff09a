import { Notification } from 'electron';
import type { Notifier } from '../services/recheck/notifier';

/** The scheduled re-check's "started failing" alert as an OS notification (silently nothing where unsupported). */
export const electronNotifier: Notifier = {
  notify({ title, body }) {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  },
};
