import type { AppErrorData } from '../../../shared/app-error';
import type { ChannelResult } from '../../../shared/contract';
import type { StorageCredentials } from '../../../shared/storage-config';
import { call } from '../api';

/** The Saved profiles view's calls that change a profile (saves go through useConfirmedSave). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** The registry's new key goes to the keychain under the profile's name; nothing comes back but its account. */
export function replaceRegistryKey(name: string, credentials: StorageCredentials): Promise<Outcome<ChannelResult<'profiles.setKeys'>>> {
  return call('profiles.setKeys', { name, role: 'registry', credentials });
}

/** The profile's file and its keychain entries. */
export function deleteProfile(name: string): Promise<Outcome<ChannelResult<'profiles.delete'>>> {
  return call('profiles.delete', { name });
}
