import { expect, test } from '@playwright/test';
import { harness, openApp, screenshot, seriousAccessibilityViolations } from './fixtures';

test.describe('the shell in Chromium through the browser harness', () => {
  test('loads the wizard frame, round-trips app.info and has no serious accessibility violations', async ({ page }) => {
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await openApp(page);
    // app.info went renderer → shim → POST /api/app.info → handler table → back, and is shown.
    await expect(page.getByText(/^v\d+\.\d+\.\d+/)).toBeVisible();
    // The token left the address bar once the shim read it.
    expect(page.url()).not.toContain('token=');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'shell-frame');
    expect(consoleErrors).toEqual([]);
  });

  test('a page opened without the token offers no form, and says which address to open', async ({ page }) => {
    // The address without its #token=… part, in a fresh context (no token in its session storage).
    await page.goto(new URL('/', harness.origin).href);
    await expect(page.getByRole('heading', { name: 'This page is not connected to the assistant' })).toBeVisible();
    await expect(page.getByText('open the address that npm run web printed in its terminal')).toBeVisible();
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'shell-not-connected');
  });

  test('window.dtrApi is the shim: frozen, typed calls, errors as data', async ({ page }) => {
    await openApp(page);
    const outcome = await page.evaluate(async () => {
      const api = window.dtrApi;
      const info = await api.invoke('app.info', {});
      // @ts-expect-error: a malformed request, as a compromised page could send it
      const invalid = await api.invoke('app.info', { extra: true });
      const dialog = await api.invoke('dialog.openCaFile', {});
      return { frozen: Object.isFrozen(api), info, invalid, dialog };
    });
    expect(outcome.frozen).toBe(true);
    expect(outcome.info).toMatchObject({ ok: true, value: { name: 'DTR S3 Storage Assistant' } });
    expect(outcome.invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(outcome.dialog).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE_IN_BROWSER' } });
  });

  test('the page runs under the strict CSP: no eval, no inline or data: script, no foreign origin', async ({ page }) => {
    await openApp(page);
    const fetched = await page.evaluate(async () => {
      const violations: string[] = [];
      (window as unknown as { violations: string[] }).violations = violations;
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
      // A string timer is eval (page.evaluate itself runs outside the CSP, so eval is tried this way).
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the string eval is what the CSP must refuse
      setTimeout('window.__evalRan = true', 0);
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.head.append(inline);
      const dataScript = document.createElement('script');
      dataScript.src = 'data:text/javascript,window.__dataRan=true';
      document.head.append(dataScript);
      return fetch('http://127.0.0.2:9/').then(() => 'ran', () => 'blocked');
    });
    expect(fetched).toBe('blocked');
    // Each of the four attempts is reported (once per policy: header and <meta>) when it is refused, which
    // happens asynchronously: wait for all four, after which no refused script can run any more.
    await expect.poll(() => page.evaluate(() => [...new Set((window as unknown as { violations: string[] }).violations)].sort()))
      .toEqual(['connect-src http://127.0.0.2:9/', 'script-src eval', 'script-src-elem data', 'script-src-elem inline']);
    const ran = await page.evaluate(() => {
      const flags = window as unknown as Record<string, unknown>;
      return [flags.__evalRan, flags.__inlineRan, flags.__dataRan].filter(Boolean).length;
    });
    expect(ran).toBe(0);
  });

  test('the theme follows the OS colour scheme', async ({ page }) => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await openApp(page);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    await screenshot(page, 'shell-frame-dark');
  });

  test('clipboard.writeText copies with the browser\'s own clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin });
    await openApp(page);
    const outcome = await page.evaluate(() => window.dtrApi.invoke('clipboard.writeText', { text: 'registry-policy.json' }));
    expect(outcome).toEqual({ ok: true, value: {} });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('registry-policy.json');
  });

  test('a page on another origin cannot call the API', async ({ page, request }) => {
    // Same machine, other origin (localhost vs 127.0.0.1 differs in port here via a foreign Origin).
    const answer = await request.post(`${harness.origin}/api/app.info`, {
      headers: { Authorization: `Bearer ${harness.token}`, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      data: {},
    });
    expect(answer.status()).toBe(403);
    await page.goto('about:blank');
  });
});
