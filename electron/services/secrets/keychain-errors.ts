import { AppError } from '../../../shared/app-error';
import type { ErrorCode } from '../../../shared/error-codes';

/**
 * keytar reports every failure as a bare Error whose text comes from libsecret / D-Bus (Linux), the
 * Security framework (macOS) or the Credential Manager (Windows). Turn the ones users hit into a clear
 * error with a fix. The store never falls back to a plaintext file: no keychain, no saved secret.
 */
interface KnownFailure {
  pattern: RegExp;
  code: ErrorCode;
  message: string;
  fix: string;
}

const linuxStart =
  'Start a desktop session with a Secret Service (GNOME Keyring or KWallet), or, on a server: ' +
  "`dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; <command>'`.";

const knownFailures: KnownFailure[] = [
  {
    pattern: /Cannot autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|No such file or directory/i,
    code: 'KEYCHAIN_NO_SESSION_BUS',
    message: 'The OS keychain cannot be reached: there is no D-Bus session bus (no desktop session, or $DISPLAY is not set).',
    fix: `${linuxStart} Secrets are never written to disk instead.`,
  },
  {
    pattern: /org\.freedesktop\.secrets|was not provided by any \.service files|ServiceUnknown|Secret Service/i,
    code: 'KEYCHAIN_NO_SECRET_SERVICE',
    message: 'The OS keychain cannot be reached: no Secret Service (org.freedesktop.secrets) runs on the D-Bus session bus.',
    fix: `Install and start a Secret Service: \`apt-get install gnome-keyring\` (or KWallet). ${linuxStart}`,
  },
  {
    pattern: /Object does not exist at path .*collection|No such secret collection/i,
    code: 'KEYCHAIN_NO_DEFAULT_KEYRING',
    message: 'The OS keychain has no default ("login") keyring, and creating one needs a prompt that cannot be shown here.',
    fix: 'Log in to a desktop session once (it creates the login keyring), or create and unlock it: `echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets`.',
  },
  {
    pattern: /locked|unlock|User interaction is not allowed|passphrase you entered is not correct|Prompt was dismissed|cancel/i,
    code: 'KEYCHAIN_LOCKED',
    message: 'The OS keychain is locked, and it could not be unlocked from here.',
    fix: 'Unlock the keychain (log in to the desktop session, or unlock the "login" keyring in Seahorse / Keychain Access), then try again.',
  },
  {
    pattern: /Access is denied|not permitted|permission/i,
    code: 'KEYCHAIN_ACCESS_DENIED',
    message: 'The OS keychain refused access to this app.',
    fix: 'Allow DTR S3 Storage Assistant to use the keychain when the OS asks, then try again.',
  },
];

/** Map a raw keychain error to an AppError. `secret` (when given) is removed from the cause text. */
export function keychainError(error: unknown, action: string, secret?: string): AppError {
  if (error instanceof AppError) return error;
  let raw = error instanceof Error ? error.message : String(error);
  if (secret) raw = raw.split(secret).join('[redacted]');
  const cause = raw.slice(0, 300);
  const known = knownFailures.find((failure) => failure.pattern.test(raw));
  if (known) return new AppError({ code: known.code, message: `Cannot ${action}. ${known.message}`, fix: known.fix, cause });
  return new AppError({
    code: 'KEYCHAIN_ERROR',
    message: `Cannot ${action}: the OS keychain reported an error.`,
    fix: 'Check that the keychain is unlocked and working (e.g. in Seahorse / Keychain Access), then try again.',
    cause,
  });
}

export function keychainModuleError(error: unknown): AppError {
  return new AppError({
    code: 'KEYCHAIN_MODULE_UNAVAILABLE',
    message: 'The keychain module (keytar) could not be loaded on this system, so secrets cannot be stored or read.',
    fix:
      'Reinstall the app. From source: `npm rebuild @github/keytar` (Linux needs libsecret-1-dev to build it). ' +
      'Commands that need no secret still work.',
    cause: (error instanceof Error ? error.message : String(error)).slice(0, 300),
  });
}

export function keychainTimeoutError(action: string, timeoutMs: number): AppError {
  return new AppError({
    code: 'KEYCHAIN_TIMEOUT',
    message: `Cannot ${action}: the OS keychain did not answer within ${Math.round(timeoutMs / 1000)} s (it may be waiting for an unlock prompt that cannot be shown).`,
    fix: 'Unlock the keychain in your desktop session, then try again.',
  });
}
