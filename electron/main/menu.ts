import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppEvent } from '../../shared/contract';
import { helpLinks } from '../../shared/doc-links';
import { openDocumentationLink } from './security';

/** The app menu. Commands that belong to the wizard are sent to the renderer as app events. */
export function installAppMenu(send: (event: AppEvent) => void): void {
  const isMac = process.platform === 'darwin';
  const command = (name: Extract<AppEvent, { type: 'menu' }>['command']) => () => send({ type: 'menu', command: name });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open CA Certificate…', accelerator: 'CmdOrCtrl+O', click: command('open-ca-file') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: command('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Developer tools only in development builds: a packaged app has no use for them.
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...helpLinks.map((link) => ({ label: link.label, click: () => openDocumentationLink(link.url) })),
        { type: 'separator' },
        { label: 'About DTR S3 Storage Assistant', click: command('about') },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
