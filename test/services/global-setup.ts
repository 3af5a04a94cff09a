import type { TestProject } from 'vitest/node';
import { startKeyring } from './keyring';
import { startRgw, type RgwInfo } from './rgw';

declare module 'vitest' {
  export interface ProvidedContext {
    rgw: RgwInfo;
    dbusAddress: string;
  }
}

/**
 * Integration suites get a fresh RGW (HTTP + HTTPS with a throwaway CA) and a private Secret Service.
 * If either cannot start, the whole run fails with the reason: no silent skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [rgw, keyring] = await Promise.all([startRgw(), startKeyring()]);
  const { stop, ...info } = rgw;
  project.provide('rgw', info);
  project.provide('dbusAddress', keyring.dbusAddress);
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.dbusAddress;
  return async () => {
    await Promise.allSettled([stop(), keyring.stop()]);
  };
}
