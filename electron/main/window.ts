import { join } from 'node:path';
import { BrowserWindow, nativeTheme } from 'electron';
import { rendererBaseUrl } from '../ipc/renderer-origin';

const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

/** Background before the first paint, so a dark OS does not flash white (CSS follows the OS theme). */
const background = (): string => (nativeTheme.shouldUseDarkColors ? '#0d1117' : '#ffffff');

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'DTR S3 Storage Assistant',
    backgroundColor: background(),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) on a link would otherwise bypass will-navigate and open a window.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const followTheme = (): void => window.setBackgroundColor(background());
  nativeTheme.on('updated', followTheme);
  window.on('closed', () => nativeTheme.off('updated', followTheme));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${rendererBaseUrl}/index.html`);
  return window;
}
