import { join } from 'node:path';
import { app, clipboard, dialog, shell, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { NativeIntegration } from '../ipc/native';

/** The OS dialogs, file manager and clipboard, attached to the main window when there is one. */
export function electronNativeIntegration(getWindow: () => BrowserWindow | undefined): NativeIntegration {
  const showOpen = (options: OpenDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  const showSave = (options: SaveDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  };
  return {
    async chooseCaFile() {
      const result = await showOpen({
        title: 'Choose the root CA certificate',
        properties: ['openFile'],
        filters: [
          { name: 'Certificates (PEM)', extensions: ['pem', 'crt', 'cer'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseSavePath(defaultName, extensions) {
      const result = await showSave({
        title: 'Save the export',
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: extensions.length > 0 ? [{ name: 'Export', extensions }] : [],
      });
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
    async copyText(text) {
      // Electron 45's clipboard is the async W3C shape: a refused write rejects, and the caller must hear it.
      await clipboard.writeText(text);
    },
  };
}
