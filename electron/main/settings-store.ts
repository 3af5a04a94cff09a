import ElectronStore from 'electron-store';
import { useSettingsStoreClass } from '../services/settings/app-settings-store';

/**
 * The main process keeps its settings through electron-store (the product card asks for it). It is conf's
 * subclass, opened by the same service with the same file, schema and migrations as the CLI's and the
 * harness's conf; its constructor differs only in taking `name` and Electron's userData/version defaults,
 * which the service overrides with the data directory and the app version.
 */
export function useElectronStoreForSettings(): void {
  useSettingsStoreClass(ElectronStore);
}
