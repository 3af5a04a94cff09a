/** An OS notification, as the scheduler asks for it. */
export interface RecheckNotification {
  profile: string;
  title: string;
  body: string;
}

/**
 * Where "a profile started failing" goes. Electron main passes one on Electron's Notification; the browser
 * harness and tests use the recording one (a browser page cannot raise a desktop notification for main).
 */
export interface Notifier {
  notify(notification: RecheckNotification): void | Promise<void>;
}

/** Keeps what it was asked to show (bounded), so the harness and tests can look at it. */
export class RecordingNotifier implements Notifier {
  readonly sent: (RecheckNotification & { at: string })[] = [];
  constructor(private readonly limit = 100, private readonly now: () => Date = () => new Date()) {}

  notify(notification: RecheckNotification): void {
    this.sent.push({ ...notification, at: this.now().toISOString() });
    if (this.sent.length > this.limit) this.sent.splice(0, this.sent.length - this.limit);
  }
}
