import { join } from 'node:path';
import { app, nativeTheme, session, type BrowserWindow } from 'electron';
import type { AppEvent } from '../../shared/contract';
import { createApiEndpoint } from '../ipc/endpoint';
import { sweepAbandonedExports } from '../services/export/partial-output';
import { defaultProfileServices } from '../services/profiles';
import { createProfileRecheckScheduler } from '../services/recheck/profile-scheduler';
import { ipcChannels } from '../ipc/ipc-channels';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { electronNativeIntegration } from './native';
import { electronNotifier } from './notifier';
import { hardenAllWebContents, hardenSession } from './security';
import { useElectronStoreForSettings } from './settings-store';
import { createMainWindow } from './window';

// The Electron shell, kept thin: security, protocol, IPC, menu and window live in their own modules.
const rendererDir = join(import.meta.dirname, '../renderer');
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  useElectronStoreForSettings();
  registerAppScheme();
  hardenAllWebContents();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    nativeTheme.themeSource = 'system';
    hardenSession(session.defaultSession);
    serveRenderer(rendererDir);
    // Sweep what an export killed with -9 left behind (it may hold a secret); never blocks the start.
    void sweepAbandonedExports(defaultProfileServices().dataDir).catch(() => []);
    // The scheduled re-check runs as long as the app does, at the interval saved in the data directory.
    const recheckScheduler = createProfileRecheckScheduler(defaultProfileServices(), electronNotifier);
    recheckScheduler.start();
    app.on('will-quit', () => recheckScheduler.stop());
    const endpoint = createApiEndpoint({ native: electronNativeIntegration(() => mainWindow), recheckScheduler });
    registerIpc(endpoint, (event) => !!mainWindow && event.sender === mainWindow.webContents);
    const send = (event: AppEvent): void => mainWindow?.webContents.send(ipcChannels.appEvent, event);
    installAppMenu(send);
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => {
      endpoint.operations.cancelAll();
      mainWindow = undefined;
    });
  });
}
