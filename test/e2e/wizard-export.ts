import { dtrTrustSubject } from '../../shared/trust/dtr-ca-gate';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { rgw, screenshot, seriousAccessibilityViolations } from './fixtures';
import { api, expectStep, next, seedFinishedSetup, startWizardHarness, type WizardHarness } from './wizard-setup';

/** Click the export button and unpack the zip the browser downloads. */
async function downloadBundle(page: Page, dir: string, name: string): Promise<{ fileName: string; files: Record<string, string> }> {
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the profile and download the bundle (.zip)' }).click();
  const download = await downloaded;
  const path = join(dir, name);
  await download.saveAs(path);
  const entries = unzipSync(readFileSync(path));
  return { fileName: download.suggestedFilename(), files: Object.fromEntries(Object.entries(entries).map(([file, data]) => [file, strFromU8(data)])) };
}

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerExportTests(): void {
  test('in browser mode the Export step downloads the bundle as a zip, says where the profile went, and Done is reachable', async ({ page }) => {
    const s3 = rgw();
    // The harness exactly as `npm run web` runs it: no save dialog, no file manager.
    const wizard: WizardHarness = await startWizardHarness({ browser: true });
    const name = `browser-${Date.now().toString(36)}`;
    try {
      // The earlier steps' outcome, as they save it: a bucket, a registry key in the keychain, passed checks.
      await seedFinishedSetup(wizard, 'export', { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey }, {
        dtrUrl: 'https://dtr.example.com', dtrHost: 'dtr.example.com', profileName: '',
        // dtr.example.com cannot be verified from here: the client-trust step saved the explicit override.
        dtrCaOverrideFor: dtrTrustSubject('dtr.example.com', ''),
        config: { provider: 's3-compatible', region: s3.region, bucket: name, regionendpoint: s3.httpEndpoint, forcepathstyle: true, secure: false, rootdirectory: '/dtr' },
      });

      await page.goto(wizard.url);
      await expectStep(page, 'Export');
      await page.getByLabel('Profile name').fill(name);
      // One zip is what a browser can receive: no folder choice here.
      await expect(page.getByLabel('Write one .zip file instead of a folder')).toHaveCount(0);
      const plain = await downloadBundle(page, wizard.dir, 'plain.zip');
      expect(plain.fileName).toBe(`dtr-storage-${name}.zip`);
      expect(plain.files['dtr-storage.json']).toContain(`"bucket": "${name}"`);
      expect(Object.keys(plain.files)).toContain('MANIFEST');
      // No key unless asked for.
      expect(Object.values(plain.files).filter((text) => text.includes(s3.secretKey))).toEqual([]);

      await expect(page.getByText(`Downloaded as dtr-storage-${name}.zip`)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Show in folder' })).toHaveCount(0);
      // Where the profile went is said, and it is there.
      const saved = page.getByText(`Profile “${name}” saved in`);
      await expect(saved).toBeVisible();
      const profileFile = (await saved.locator('code').textContent()) ?? '';
      expect(profileFile).toBe(join(process.env.DTR_S3_ASSISTANT_DATA_DIR ?? '', 'profiles', `${name}.json`));
      expect(JSON.parse(readFileSync(profileFile, 'utf8'))).toMatchObject({ name, storage: { bucket: name } });
      await expect(page.getByText(`dtr-s3-assistant export --profile ${name}`)).toBeVisible();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-7-export-browser');

      // Opted in, the keys ride along.
      await page.getByLabel("Include the registry's keys in the bundle").check();
      const withKeys = await downloadBundle(page, wizard.dir, 'with-keys.zip');
      expect(Object.values(withKeys.files).some((text) => text.includes(s3.secretKey))).toBe(true);

      await next(page);
      await expectStep(page, 'Done');
      await expect(page.getByText(`dtr-s3-assistant export --profile ${name} --out DIR`)).toBeVisible();
      await expect(page.getByText("(in your browser's downloads folder)")).toBeVisible();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'wizard-8-done-browser');
    } finally {
      await api(wizard, 'profiles.delete', { name, force: true });
      await wizard.close();
    }
    expect(existsSync(wizard.dir)).toBe(false);
  });
}
