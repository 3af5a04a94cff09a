/**
 * The renderer's Content-Security-Policy: no eval, no inline or remote scripts, no remote anything.
 * renderer/index.html carries it as a meta tag (a unit test keeps the two equal); Electron's app://
 * protocol and the browser harness also send it as a response header.
 */
const directives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The response header. */
export const contentSecurityPolicy = [...directives, "frame-ancestors 'none'"].join('; ');

/** The <meta> tag: browsers ignore frame-ancestors there (and log an error), so it is header-only. */
export const metaContentSecurityPolicy = directives.join('; ');
