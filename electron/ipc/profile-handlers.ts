import { AppError } from '../../shared/app-error';
import type { Channel, ChannelResult, ParsedRequest } from '../../shared/contract';
import { writeChosenFile } from '../services/chosen-file';
import type { ProfileServices } from '../services/profiles';
import { exportProfile, importProfile } from '../services/profiles/profile-transfer';
import { previewProfileSave, saveProfile } from '../services/profiles/save-profile';

/** The saved profiles' and the wizard state's channels. */
type ProfileChannel = Extract<Channel, `profiles.${string}` | `wizard.${string}`>;
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
    'profiles.save': async (request) => saveProfile(services(), request),
    'profiles.previewSave': async (request) => previewProfileSave(services(), request),
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
      await writeChosenFile(path, json);
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
