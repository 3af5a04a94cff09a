import { AppError } from '../../shared/app-error';
import { resolveProfile, type ResolvedProfile, type ResolveProfileOptions } from '../services/profiles/resolve-profile';
import { formatAppError } from './validation-output';

/** `--profile NAME` for any command: the help text, kept the same everywhere. */
export const PROFILE_OPTION_HELP = 'a saved profile instead of --config (keys from the OS keychain)';

/**
 * Resolve `--profile NAME` for a command: the config from the saved profile and the keys from the
 * keychain. On failure (no such profile, keychain locked or missing…) print the error with its fix and
 * return undefined: the caller exits 2 (a usage or configuration problem).
 */
export async function loadProfileSource(
  name: string,
  stderr: (text: string) => void,
  options: ResolveProfileOptions = {},
): Promise<ResolvedProfile | undefined> {
  try {
    return await resolveProfile(name, options);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    stderr(formatAppError(error));
    return undefined;
  }
}
