import { randomUUID } from 'node:crypto';
import type { AppErrorData } from '../../../shared/app-error';
import { installationIdPattern } from '../../../shared/app-settings';
import { openAppSettings } from '../settings/app-settings-store';

/**
 * The proof rollback needs before it deletes anything: a random id of this installation (kept in the
 * app's settings file), written into every journal this installation starts and tagged onto the bucket and
 * the IAM user it creates. A journal from elsewhere (an imported profile, a copied file) carries another id
 * or none, and a resource someone else created carries no such tag: rollback leaves both alone.
 */
export const INSTALLATION_TAG = 'dtr-s3-assistant-installation';

export interface Installation {
  id: string;
  /** Why the settings file was moved aside in this process (corrupt, from a newer version), to be said. */
  problems: AppErrorData[];
  /** The id was made after the file that may have held the old one was moved aside. */
  renewed: boolean;
}

/** This data directory's installation id, created on first use (an older installation.json is carried over). */
export function openInstallation(dataDir: string): Installation {
  const settings = openAppSettings(dataDir);
  const { problems, movedAsideAt } = settings;
  // A settings file that was moved aside (corrupt, newer) proves nothing any more: a new id; what it proved is kept, not deleted.
  const stored = settings.get('installation');
  if (stored && installationIdPattern.test(stored.id)) {
    return { id: stored.id, problems, renewed: movedAsideAt !== undefined && stored.createdAt >= movedAsideAt };
  }
  const id = randomUUID();
  settings.set('installation', { id, createdAt: new Date().toISOString() });
  return { id, problems, renewed: movedAsideAt !== undefined };
}

/** What a provisioning or rollback run says (one notice, or none) when the settings file was moved aside in this process. */
export function installationNotices(installation: Installation): string[] {
  if (!installation.problems.length) return [];
  const moved = installation.problems.map((problem) => problem.message).join(' ');
  return installation.renewed
    ? [`${moved} This installation's id is new, so rollback keeps what earlier runs created: their journals carry the old id (installation.id in the moved file). To roll those back, put the old id back: repair the moved file and rename it to settings.json while the app is closed.`]
    : [moved];
}
