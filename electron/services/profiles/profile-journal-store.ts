import { AppError } from '../../../shared/app-error';
import { journalSchema, type Journal, type JournalStore } from '../provisioning/journal';
import type { ProfileRepository } from './profile-repository';

/**
 * The provisioning journal kept inside a saved profile (its `provisioningJournal` field), for the wizard:
 * the profile then carries what was created, and deleting or exporting the profile takes the journal with
 * it. Each save is one atomic profile write. The profile must exist (save it before provisioning).
 * The profile stores the journal as validated JSON; its shape is checked here, by provisioning's schema.
 */
export class ProfileJournalStore implements JournalStore {
  constructor(
    private readonly profiles: ProfileRepository,
    readonly profileName: string,
  ) {}

  async load(): Promise<Journal | undefined> {
    const stored = (await this.profiles.get(this.profileName)).provisioningJournal;
    if (stored === undefined) return undefined;
    const parsed = journalSchema.safeParse(stored);
    if (!parsed.success) {
      throw new AppError({
        code: 'JOURNAL_INVALID',
        message: `The provisioning journal in profile "${this.profileName}" is not valid.`,
        fix: 'Check the bucket and IAM user by hand, then clear the journal by saving the profile again.',
      });
    }
    return parsed.data;
  }

  async save(journal: Journal): Promise<void> {
    await this.profiles.setProvisioningJournal(this.profileName, journal);
  }

  async clear(): Promise<void> {
    await this.profiles.setProvisioningJournal(this.profileName, undefined);
  }
}
