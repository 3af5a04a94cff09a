import { app, shell, type Session, type WebContents } from 'electron';
import { isAllowedDocumentationUrl } from '../../shared/doc-links';

/** Open a link in the OS browser only when it points at a documentation host on the allow-list. */
export function openDocumentationLink(url: string): void {
  if (isAllowedDocumentationUrl(url)) void shell.openExternal(url);
  else console.warn('[security] refused to open a link outside the documentation allow-list');
}

/** Every permission (camera, notifications, clipboard read, …) is refused; the wizard needs none. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  // The CSP header comes with every app:// response (app-protocol.ts); nothing else is ever loaded.
}

/** No navigation, no new windows, no <webview>: links to documentation go to the OS browser instead. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openDocumentationLink(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openDocumentationLink(url);
    return { action: 'deny' };
  });
}

/** Applied to every WebContents the app ever creates, before it loads anything. */
export function hardenAllWebContents(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
