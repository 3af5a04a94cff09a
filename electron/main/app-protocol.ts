import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { appScheme, rendererHost } from '../ipc/renderer-origin';
import { contentTypeOf, resolveStaticPath } from '../services/static-files';

// The renderer is served from app://renderer/ rather than file://, so it gets its own origin, the CSP
// travels as a response header, and no other local file is reachable from the page.

/** Before `ready`: app:// behaves like a secure, standard scheme (relative URLs, 'self' in the CSP). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const file = url.host === rendererHost ? resolveStaticPath(rendererDir, url.pathname) : undefined;
    const body = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!file || !body) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
