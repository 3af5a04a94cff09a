import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The Electron binary, found without `require('electron')` (which would try to download it). Same rules
 * as the electron package: ELECTRON_OVERRIDE_DIST_PATH, else node_modules/electron/dist/<path.txt>.
 */
function electronBinary(): { path?: string; reason?: string } {
  const packageDir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, name) : join(packageDir, 'dist', name);
  if (existsSync(candidate)) return { path: candidate };
  return {
    reason: `the Electron binary is not installed (${candidate} is missing); fetch it with \`npx install-electron\` or set ELECTRON_OVERRIDE_DIST_PATH`,
  };
}

const binary = electronBinary();

test.describe('Electron smoke (_electron)', () => {
  test('launches, shows the wizard, and round-trips app.info over IPC with a locked-down renderer', async () => {
    if (binary.reason) console.log(`Skipping the Electron smoke test: ${binary.reason}.`);
    test.skip(!binary.path, binary.reason ?? '');
    const app = await electron.launch({
      executablePath: binary.path,
      args: [join(process.cwd(), 'out', 'main', 'index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 30_000,
    });
    try {
      const appWindow = await app.firstWindow();
      await expect(appWindow.getByRole('navigation', { name: 'Wizard steps' })).toBeVisible();
      expect(appWindow.url()).toBe('app://renderer/index.html');
      const page = await appWindow.evaluate(async () => ({
        info: await window.dtrApi.invoke('app.info', {}),
        invalid: await window.dtrApi.invoke('app.info', { extra: 1 } as never),
        nodeGlobals: [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process],
        apiKeys: Object.keys(window.dtrApi).sort(),
      }));
      expect(page.info).toMatchObject({ ok: true, value: { name: 'DTR S3 Storage Assistant' } });
      expect(page.invalid).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(page.nodeGlobals).toEqual(['undefined', 'undefined']);
      expect(page.apiKeys).toEqual(['invoke', 'onEvent', 'onProgress']);
      const opened = await appWindow.evaluate(() => window.open('https://evil.example/') === null);
      expect(opened).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
