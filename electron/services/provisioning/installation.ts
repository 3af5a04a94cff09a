import { randomUUID } from 'node:crypto';
import { installationIdPattern } from '../../../shared/app-settings';
import { openAppSettings } from '../settings/app-settings-store';

/**
 * The proof rollback needs before it deletes anything: a random id of this installation (kept in the
 * app's settings file), written into every journal this installation starts and tagged onto the bucket and
 * the IAM user it creates. A journal from elsewhere (an imported profile, a copied file) carries another id
 * or none, and a resource someone else created carries no such tag: rollback leaves both alone.
 */
export const INSTALLATION_TAG = 'dtr-s3-assistant-installation';

/** This data directory's installation id, created on first use (an older installation.json is carried over). */
export function installationId(dataDir: string): string {
  const settings = openAppSettings(dataDir);
  // A settings file that was moved aside (corrupt, newer) proves nothing any more: a new id; what it proved is kept, not deleted.
  const stored = settings.get('installation')?.id;
  if (stored && installationIdPattern.test(stored)) return stored;
  const id = randomUUID();
  settings.set('installation', { id, createdAt: new Date().toISOString() });
  return id;
}
