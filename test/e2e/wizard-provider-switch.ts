import { expect, test } from '@playwright/test';
import { rgw } from './fixtures';
import { openFresh, type WizardHarness } from './wizard-setup';

/** Registered by wizard.spec.ts (serial: one wizard draft in one keychain). */
export function registerProviderSwitchTests(harness: () => WizardHarness): void {
  test('arrow keys through the provider radios keep each provider\'s endpoint and CA', async ({ page }) => {
    const s3 = rgw();
    await openFresh(page, harness().url);
    await page.getByLabel('S3-compatible service').check();
    await page.getByLabel('Storage endpoint URL').fill(s3.httpsEndpoint);
    await page.getByLabel('Root CA certificate of the endpoint (if private)').fill(s3.caPem);
    await page.getByLabel('S3-compatible service').focus();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByLabel('Amazon S3')).toBeChecked();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('S3-compatible service')).toBeChecked();
    await expect(page.getByLabel('Storage endpoint URL')).toHaveValue(s3.httpsEndpoint);
    await expect(page.getByLabel('Root CA certificate of the endpoint (if private)')).toHaveValue(s3.caPem);
  });
}
