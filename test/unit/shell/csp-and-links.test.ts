import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../../shared/csp';
import { helpLinks, isAllowedDocumentationUrl } from '../../../shared/doc-links';

describe('the renderer CSP', () => {
  it('is the same in renderer/index.html as in shared/csp.ts', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(metaContentSecurityPolicy);
  });

  it('allows no eval, no inline script and no remote source; the header also forbids framing', () => {
    for (const policy of [contentSecurityPolicy, metaContentSecurityPolicy]) {
      expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\*/);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
    }
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });
});

describe('external links', () => {
  it('opens only https documentation hosts from the allow-list', () => {
    expect(isAllowedDocumentationUrl('https://docs.docker.com/engine/security/certificates/')).toBe(true);
    for (const url of [
      'http://docs.docker.com/',
      'https://docs.docker.com.evil.example/',
      'https://evil.example/?https://docs.docker.com/',
      'https://user:pw@docs.docker.com/',
      'https://docs.docker.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://docs.docker.com/share',
      'not a url',
    ]) {
      expect(isAllowedDocumentationUrl(url), url).toBe(false);
    }
  });

  it('every Help menu link is on the allow-list', () => {
    for (const link of helpLinks) expect(isAllowedDocumentationUrl(link.url), link.url).toBe(true);
  });
});
