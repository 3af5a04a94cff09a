import { describe, expect, it } from 'vitest';
import { keychainError, keychainModuleError } from '../../../electron/services/secrets/keychain-errors';
import { AppError } from '../../../shared/app-error';

// The raw texts are the ones keytar produced on this machine (see test/integration/secrets), plus the
// macOS and Windows texts of the same situations.
describe('keychain error mapping', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'KEYCHAIN_NO_SESSION_BUS'],
    ['Could not connect: No such file or directory', 'KEYCHAIN_NO_SESSION_BUS'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'KEYCHAIN_NO_SECRET_SERVICE'],
    ['GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', 'KEYCHAIN_NO_SECRET_SERVICE'],
    ['Cannot create an item in a locked collection', 'KEYCHAIN_LOCKED'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'KEYCHAIN_NO_DEFAULT_KEYRING'],
    ['User interaction is not allowed.', 'KEYCHAIN_LOCKED'],
    ['Access is denied.', 'KEYCHAIN_ACCESS_DENIED'],
    ['Something nobody has seen', 'KEYCHAIN_ERROR'],
  ])('%j → %s, with a fix', (raw, code) => {
    const error = keychainError(new Error(raw), 'read the secret');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^Cannot read the secret/);
    expect(error.fix).toMatch(/\S/);
    expect(error.toData().cause).toBe(raw);
  });

  it('removes the secret from the cause if a backend ever echoes it', () => {
    const error = keychainError(new Error('failed to store hunter2-secret'), 'store', 'hunter2-secret');
    expect(JSON.stringify(error.toData())).not.toContain('hunter2-secret');
  });

  it('passes an AppError through, and explains a module that cannot load', () => {
    const original = new AppError({ code: 'KEYCHAIN_TIMEOUT', message: 'slow' });
    expect(keychainError(original, 'x')).toBe(original);
    const moduleError = keychainModuleError(new Error('libsecret-1.so.0: cannot open shared object file'));
    expect(moduleError.code).toBe('KEYCHAIN_MODULE_UNAVAILABLE');
    expect(moduleError.fix).toMatch(/libsecret/);
  });
});
