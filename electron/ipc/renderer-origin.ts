/**
 * Where the packaged renderer lives: app://renderer/ (see electron/main/app-protocol.ts). Pure, so the
 * sender check can be unit-tested without Electron.
 */
export const appScheme = 'app';
export const rendererHost = 'renderer';
export const rendererBaseUrl = `${appScheme}://${rendererHost}`;

/**
 * True only for a page of our renderer. Compared by scheme and host, not URL.origin: for a custom
 * scheme, WHATWG URL gives the opaque origin "null", which would match nothing (or, compared loosely,
 * every other opaque origin such as data: or file:).
 */
export function isRendererUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return url.protocol === `${appScheme}:` && url.host === rendererHost && url.username === '' && url.password === '';
}
