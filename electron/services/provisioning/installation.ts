import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/app-error';
import { JsonDocumentFile } from '../profiles/json-file';

/**
 * The proof rollback needs before it deletes anything: a random id of this installation (kept in the data
 * directory), written into every journal this installation starts and tagged onto the bucket and the IAM
 * user it creates. A journal from elsewhere (an imported profile, a copied file) carries another id or
 * none, and a resource someone else created carries no such tag: rollback leaves both alone.
 */
export const INSTALLATION_TAG = 'dtr-s3-assistant-installation';

const idPattern = /^[0-9a-f-]{36}$/;

/** This data directory's installation id, created on first use. */
export function installationId(dataDir: string): string {
  const file = new JsonDocumentFile(dataDir, 'installation');
  let stored: unknown;
  try {
    stored = file.read()?.id;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'PROFILE_FILE_CORRUPT') throw error;
    // A corrupt id file proves nothing any more: moved aside; what it proved is kept, not deleted.
    file.quarantine();
  }
  if (typeof stored === 'string' && idPattern.test(stored)) return stored;
  const id = randomUUID();
  file.write({ id, createdAt: new Date().toISOString() });
  return id;
}
