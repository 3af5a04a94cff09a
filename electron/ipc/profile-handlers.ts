import { writeFile } from 'node:fs/promises';
import { AppError } from '../../shared/app-error';
import type { ChannelResult, ParsedRequest } from '../../shared/contract';
import { WIZARD_DRAFT_OWNER } from '../../shared/profile';
import type { profileChannels } from '../../shared/profile-contract';
import type { ProfileServices } from '../services/profiles';
import { exportProfile, importProfile } from '../services/profiles/profile-transfer';
import { JsonFileJournalStore, draftJournalPath } from '../services/provisioning/journal';
import { ProfileJournalStore } from '../services/profiles/profile-journal-store';

type ProfileChannel = keyof typeof profileChannels;
type ProfileHandlers = { [C in ProfileChannel]: (request: ParsedRequest<C>) => Promise<ChannelResult<C>> };

/**
 * Handlers for saved profiles, keychain secrets and wizard state. `services` is resolved on first use so
 * building the handler table touches neither the disk nor the keychain. `chosenPaths` holds the paths the
 * user picked in the save dialog: an export is only written there, never to a path the renderer made up.
 */
export function createProfileHandlers(services: () => ProfileServices, chosenPaths: ReadonlySet<string>): ProfileHandlers {
  return {
    'profiles.list': async () => services().profiles.list(),
    'profiles.get': async ({ name }) => services().profiles.get(name),
    'profiles.save': async ({ profile, secrets, draftKeys }) => {
      const svc = services();
      const registry = draftKeys ? await svc.secrets.getCredentials(WIZARD_DRAFT_OWNER, 'registry') : undefined;
      const saved = await svc.profiles.save(profile, registry ? { ...secrets, registry } : secrets);
      if (!draftKeys) return saved;
      // The wizard's draft provisioned before the profile existed: its journal (what this tool created, never
      // a secret) moves into the profile, so a later rollback of this profile knows what to delete.
      const draftJournal = new JsonFileJournalStore(draftJournalPath(svc.dataDir, saved.storage));
      const journal = await draftJournal.load();
      if (!journal) return saved;
      await new ProfileJournalStore(svc.profiles, saved.name).save(journal);
      await draftJournal.clear();
      return svc.profiles.get(saved.name);
    },
    'profiles.delete': async ({ name, force }) => services().profiles.delete(name, { force }),
    'profiles.setKeys': async ({ name, role, credentials }) => {
      const profile = await services().profiles.setSecret(name, role, credentials);
      return { account: profile.secretRefs[role] ?? '' };
    },
    'profiles.export': async ({ name, path }) => {
      const json = await exportProfile(services().profiles, name);
      if (path === undefined) return { json };
      if (!chosenPaths.has(path)) {
        throw new AppError({ code: 'PATH_NOT_CHOSEN', message: 'A profile is only written to a path chosen in the save dialog.' });
      }
      await writeFile(path, json, { mode: 0o600 });
      return { json, path };
    },
    'profiles.import': async ({ json, name, overwrite }) => importProfile(services().profiles, json, { name, overwrite }),
    'wizard.saveState': async ({ session, ...state }) => {
      services().wizard.save(state, session);
      return {};
    },
    'wizard.loadState': async () => services().wizard.load(),
    'wizard.saveDraftSecret': async ({ role, credentials }) => {
      await services().wizard.saveDraftSecret(role, credentials);
      return {};
    },
    'wizard.continueProfile': async ({ name }) => services().wizard.continueProfile(name),
    'wizard.clearState': async () => services().wizard.clear(),
  };
}
