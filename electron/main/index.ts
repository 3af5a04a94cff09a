import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { createHandlerTable, dispatch } from '../ipc/handler-table';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
let mainWindow: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'DTR S3 Storage Assistant',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The renderer is a local page: nothing may navigate it away or open new windows.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadFile(rendererIndex);
  return window;
}

function registerIpc(): void {
  const table = createHandlerTable();
  ipcMain.handle('api', async (event, channel: unknown, payload: unknown) => {
    // Only our own window's top frame may call the API.
    if (!mainWindow || event.sender !== mainWindow.webContents || event.senderFrame !== mainWindow.webContents.mainFrame) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Request from an unknown sender.' } };
    }
    const controller = new AbortController();
    return dispatch(table, String(channel), payload, {
      signal: controller.signal,
      emitProgress: (progress) => event.sender.send('progress', progress),
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    registerIpc();
    mainWindow = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
}
