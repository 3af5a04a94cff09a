import { homedir } from 'node:os';
import { join } from 'node:path';
import { appInfo } from '../app-info';

/** Overrides where profiles and wizard state live (tests, portable installs, CI). */
export const DATA_DIR_ENV = 'DTR_S3_ASSISTANT_DATA_DIR';

/**
 * The app's data directory, computed the way Electron computes `app.getPath('userData')`
 * (appData + product name), so the app and the headless CLI read and write the very same profiles
 * without the CLI loading Electron.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env[DATA_DIR_ENV]?.trim();
  if (override) return override;
  const { name } = appInfo();
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'), name);
}
