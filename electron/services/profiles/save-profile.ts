import { AppError } from '../../../shared/app-error';
import { WIZARD_DRAFT_OWNER, profileInputSchema, type Profile, type ProfileInput } from '../../../shared/profile';
import { describeProfileChanges, summarizeProfileChanges, type ProfileChange } from '../../../shared/profile-changes';
import { JsonFileJournalStore, draftJournalPath } from '../provisioning/journal';
import type { ProfileServices } from './index';
import { ProfileJournalStore } from './profile-journal-store';
import type { ProfileSecrets } from './profile-repository';

export interface SaveProfileRequest {
  profile: ProfileInput;
  secrets?: ProfileSecrets;
  /** The wizard's save: its draft registry key is copied in main, keychain entry to keychain entry. */
  draftKeys?: boolean;
  /** Replace a profile of that name; without it an existing profile is never overwritten (PROFILE_EXISTS). */
  overwrite?: boolean;
  /** The wizard's save: its passing Validate run (recorded in main) goes into the profile's history. */
  fromWizard?: boolean;
}

export interface SavePreview {
  exists: boolean;
  updatedAt?: string;
  changes: ProfileChange[];
}

/** What saving `profile` would change in the saved profile of that name (none: it does not exist yet). */
export async function previewProfileSave(services: ProfileServices, request: Pick<SaveProfileRequest, 'profile' | 'draftKeys'>): Promise<SavePreview> {
  const input = profileInputSchema.parse(request.profile);
  if (!(await services.profiles.exists(input.name))) return { exists: false, changes: [] };
  const saved = await services.profiles.get(input.name);
  // Key IDs only (identifiers, not secrets), and only when the save would replace the registry key.
  const draftKey = request.draftKeys ? await services.secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry') : undefined;
  const savedKey = draftKey && saved.secretRefs.registry ? await services.secrets.getCredentials(saved.name, 'registry') : undefined;
  const changes = describeProfileChanges(
    { storage: saved.storage, clientTrust: saved.clientTrust, ...(saved.iam ? { iam: saved.iam } : {}), ...(savedKey ? { registryKeyId: savedKey.accessKeyId } : {}) },
    { storage: input.storage, clientTrust: input.clientTrust ?? saved.clientTrust, ...(input.iam ? { iam: input.iam } : {}), ...(draftKey ? { registryKeyId: draftKey.accessKeyId } : {}) },
  );
  return { exists: true, updatedAt: saved.updatedAt, changes };
}

/**
 * Save a profile, the one way the app does (wizard and Saved profiles): an existing profile is replaced only
 * when the caller says so (after asking the user, naming what changes); the wizard's draft key and
 * provisioning journal move into it; the wizard's passing Validate run joins its history.
 */
export async function saveProfile(services: ProfileServices, request: SaveProfileRequest): Promise<Profile> {
  const { profile, secrets, draftKeys, overwrite, fromWizard } = request;
  if (!overwrite) {
    const preview = await previewProfileSave(services, { profile, ...(draftKeys ? { draftKeys } : {}) });
    if (preview.exists) {
      throw new AppError({
        code: 'PROFILE_EXISTS',
        message: `A profile named "${profile.name}" already exists. Saving would change: ${summarizeProfileChanges(preview.changes)}.`,
        fix: 'Confirm that it should be replaced, or save under another name.',
      });
    }
  }
  // A keyless registry has no key: a draft key left from before that choice does not move into the profile.
  const registry = draftKeys && !profile.storage.keyless ? await services.secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry') : undefined;
  let saved = await services.profiles.save(profile, registry ? { ...secrets, registry } : secrets, { overwrite: overwrite === true });
  if (draftKeys) {
    // The wizard's draft provisioned before the profile existed: its journal (what this tool created, never
    // a secret) moves into the profile, so a later rollback of this profile knows what to delete.
    const draftJournal = new JsonFileJournalStore(draftJournalPath(services.dataDir, saved.storage));
    const journal = await draftJournal.load();
    if (journal) {
      await new ProfileJournalStore(services.profiles, saved.name).save(journal);
      await draftJournal.clear();
      saved = await services.profiles.get(saved.name);
    }
  }
  const run = fromWizard ? services.wizardChecks.takePassing(saved.storage) : undefined;
  return run ? services.profiles.appendRecheckRun(saved.name, run) : saved;
}
